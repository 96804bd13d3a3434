package io.crvsbackup.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class MetaCodecTest {
  static java.util.stream.Stream<Map<String, String>> fixtures() {
    return java.util.stream.Stream.of(Fixtures.INFLUXD_1_6_7, Fixtures.INFLUXD_1_8_10);
  }

  @ParameterizedTest
  @MethodSource("fixtures")
  void decodesTheMetastoreOfARealPortableBackup(Map<String, String> fixture) throws Exception {
    byte[] file = Fixtures.bytes(fixture, Fixtures.name(fixture, ".meta"));
    MetaData meta = MetaCodec.decode(MetaCodec.unpack(file, "meta"), "meta");
    MetaData.Database db = meta.database("crvs_fixture").orElseThrow();
    assertThat(db.defaultRetentionPolicy()).isEqualTo("autogen");
    assertThat(db.retentionPolicies()).singleElement().satisfies(rp -> {
      assertThat(rp.name()).isEqualTo("autogen");
      assertThat(rp.duration()).isZero();
      assertThat(rp.shardGroupDuration()).isEqualTo(7L * 24 * 3600 * 1_000_000_000L);
      assertThat(rp.replicaN()).isEqualTo(1);
      assertThat(rp.shardGroups()).hasSize(2);
    });
    assertThat(db.liveShardIds()).hasSize(2);
    assertThat(db.continuousQueries()).singleElement().satisfies(cq -> {
      assertThat(cq.name()).isEqualTo("cq_daily");
      assertThat(cq.query()).startsWith("CREATE CONTINUOUS QUERY cq_daily ON crvs_fixture BEGIN");
    });
  }

  @ParameterizedTest
  @MethodSource("fixtures")
  void packsTheMetastoreExactlyAsInfluxdDoes(Map<String, String> fixture) throws Exception {
    byte[] file = Fixtures.bytes(fixture, Fixtures.name(fixture, ".meta"));
    byte[] data = MetaCodec.unpack(file, "meta");
    assertThat(MetaCodec.pack(data)).isEqualTo(file);
    // influxd's manifest gives the size of the protobuf inside the .meta file, not the file's size
    String manifest = new String(Fixtures.bytes(fixture, Fixtures.name(fixture, ".manifest")), StandardCharsets.UTF_8);
    assertThat(manifest).contains("\"size\": " + data.length + "\n");
    assertThat(file.length).isEqualTo(data.length + 5);
  }

  @Test
  void keepsOnlyOneDatabaseAndNoUsersForAMetastoreUpdate() throws Exception {
    byte[] data = new Protobuf.Writer()
        .varintField(1, 7).varintField(2, 9).varintField(3, 12345)
        .bytesField(5, database("ocrvs", 1))
        .bytesField(5, database("other", 2))
        .bytesField(6, new Protobuf.Writer().bytesField(1, "admin".getBytes(StandardCharsets.UTF_8)).toByteArray())
        .varintField(7, 1).varintField(8, 2).varintField(9, 2)
        .toByteArray();
    byte[] only = MetaCodec.onlyDatabase(data, "ocrvs", "meta");
    MetaData m = MetaCodec.decode(only, "meta");
    assertThat(m.databases()).extracting(MetaData.Database::name).containsExactly("ocrvs");
    assertThat(m.databases().get(0).liveShardIds()).containsExactly(1L);
    assertThat(new String(only, StandardCharsets.ISO_8859_1)).doesNotContain("admin");
    Protobuf.Reader r = new Protobuf.Reader(only, "only");
    java.util.List<Integer> fields = new java.util.ArrayList<>();
    while (r.hasNext()) {
      int key = r.key();
      fields.add(Protobuf.Reader.field(key));
      r.skip(key);
    }
    assertThat(fields).containsExactly(1, 2, 3, 5, 7, 8, 9);
  }

  @Test
  void unframesAMetastoreBackupAnswer() throws Exception {
    byte[] data = {8, 1, 16, 2};
    byte[] node = "{\"ID\":1}\n".getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(16 + data.length + 8 + node.length);
    b.putLong(0x59590101L).putLong(data.length).put(data).putLong(node.length).put(node);
    assertThat(MetaCodec.unframe(b.array(), "answer")).isEqualTo(data);
  }

  @Test
  void refusesAnAnswerWithoutTheMagic() {
    byte[] http = "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\n\r\n".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> MetaCodec.unframe(http, "the metastore backup from influxdb:8086"))
        .isInstanceOf(FormatException.class)
        .hasMessageContaining("the metastore backup from influxdb:8086 is not a metastore backup")
        .hasMessageContaining("not InfluxDB's RPC service");
  }

  @Test
  void refusesATruncatedAnswer() {
    byte[] b = ByteBuffer.allocate(20).putLong(0x59590101L).putLong(100).array();
    assertThatThrownBy(() -> MetaCodec.unframe(b, "answer"))
        .isInstanceOf(FormatException.class)
        .hasMessageContaining("announces 100 bytes of metastore but holds 4");
  }

  @Test
  void refusesAFileThatIsNoPortableMetastore() {
    assertThatThrownBy(() -> MetaCodec.unpack("{\"kv\":1}".getBytes(StandardCharsets.UTF_8), "x.meta"))
        .isInstanceOf(FormatException.class)
        .hasMessageContaining("x.meta");
    assertThatThrownBy(() -> MetaCodec.unpack(new Protobuf.Writer().varintField(2, 0).toByteArray(), "y.meta"))
        .isInstanceOf(FormatException.class)
        .hasMessageContaining("y.meta is not an InfluxDB 1.x portable metastore file (no Data field)");
  }

  @Test
  void refusesATruncatedMetastore() throws Exception {
    byte[] file = Fixtures.bytes(Fixtures.INFLUXD_1_6_7, Fixtures.name(Fixtures.INFLUXD_1_6_7, ".meta"));
    byte[] data = MetaCodec.unpack(file, "meta");
    byte[] cut = java.util.Arrays.copyOf(data, data.length - 40);
    assertThatThrownBy(() -> MetaCodec.decode(cut, "cut.meta"))
        .isInstanceOf(FormatException.class)
        .hasMessageStartingWith("cut.meta: protobuf");
  }

  private static byte[] database(String name, long shardId) {
    byte[] shard = new Protobuf.Writer().varintField(1, shardId).toByteArray();
    byte[] group = new Protobuf.Writer().varintField(1, shardId).varintField(2, 0).varintField(3, 10)
        .varintField(4, 0).bytesField(5, shard).toByteArray();
    byte[] rp = new Protobuf.Writer().bytesField(1, "autogen".getBytes(StandardCharsets.UTF_8)).varintField(2, 0)
        .varintField(3, 10).varintField(4, 1).bytesField(5, group).toByteArray();
    return new Protobuf.Writer().bytesField(1, name.getBytes(StandardCharsets.UTF_8))
        .bytesField(2, "autogen".getBytes(StandardCharsets.UTF_8)).bytesField(3, rp).toByteArray();
  }
}
