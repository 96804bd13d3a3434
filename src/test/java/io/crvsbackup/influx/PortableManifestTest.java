package io.crvsbackup.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class PortableManifestTest {
  static java.util.stream.Stream<Map<String, String>> fixtures() {
    return MetaCodecTest.fixtures();
  }

  @ParameterizedTest
  @MethodSource("fixtures")
  void readsAndWritesInfluxdsManifestByteForByte(Map<String, String> fixture) throws Exception {
    byte[] real = Fixtures.bytes(fixture, Fixtures.name(fixture, ".manifest"));
    PortableManifest m = PortableManifest.decode(real, "m");
    assertThat(m.metaFile()).endsWith(".meta");
    assertThat(m.metaSize()).isEqualTo(312);
    assertThat(m.limited()).isFalse();
    assertThat(m.files()).hasSize(2).allSatisfy(e -> {
      assertThat(e.database()).isEqualTo("crvs_fixture");
      assertThat(e.policy()).isEqualTo("autogen");
      assertThat(e.size()).isEqualTo(2048);
      assertThat(e.fileName()).isEqualTo(m.metaFile().replace(".meta", ".s" + e.shardId() + ".tar.gz"));
    });
    assertThat(new String(m.encode(), StandardCharsets.UTF_8)).isEqualTo(new String(real, StandardCharsets.UTF_8));
  }

  @Test
  void writesNullForNoShardsAndEscapesAsGo() throws Exception {
    PortableManifest m = new PortableManifest("x.meta", 5, false, List.of());
    assertThat(new String(m.encode(), StandardCharsets.UTF_8))
        .isEqualTo("{\n  \"meta\": {\n    \"fileName\": \"x.meta\",\n    \"size\": 5\n  },\n  \"limited\": false,\n"
            + "  \"files\": null\n}");
    PortableManifest odd = new PortableManifest("m.meta", 1, false,
        List.of(new PortableManifest.Entry("a<b>&\"c\" é", "rp", 3, "m.s3.tar.gz", 2048, 0)));
    String json = new String(odd.encode(), StandardCharsets.UTF_8);
    assertThat(json).contains("\"database\": \"a\\u003cb\\u003e\\u0026\\\"c\\\" é\"");
    assertThat(PortableManifest.decode(odd.encode(), "m").files().get(0).database()).isEqualTo("a<b>&\"c\" é");
  }

  @Test
  void refusesAnInfluxDb2Manifest() {
    byte[] v2 = ("{\"kv\":{\"fileName\":\"20201001T000000Z.bolt\",\"size\":10},\"files\":[{\"fileName\":"
        + "\"20201001T000000Z.s1.tar.gz\",\"orgID\":\"o\",\"bucketID\":\"b\",\"size\":1}]}")
        .getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> PortableManifest.decode(v2, "influxdb/2026-11-26/20201001T000000Z.manifest"))
        .isInstanceOf(FormatException.class)
        .hasMessage("influxdb/2026-11-26/20201001T000000Z.manifest comes from InfluxDB 2.x (`influx backup`), an"
            + " incompatible version: InfluxDB 1.x cannot restore it, and OpenCRVS runs InfluxDB 1.x");
  }

  @ParameterizedTest
  @ValueSource(strings = {"../../etc/passwd", "/etc/passwd", "sub/x.tar.gz", "..", "a\\b"})
  void refusesFileNamesOutsideTheFolder(String name) {
    byte[] json = ("{\"meta\":{\"fileName\":\"m.meta\",\"size\":1},\"files\":[{\"database\":\"d\",\"policy\":\"p\","
        + "\"shardID\":1,\"fileName\":" + quoted(name) + ",\"size\":1}]}").getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> PortableManifest.decode(json, "m"))
        .isInstanceOf(FormatException.class)
        .hasMessageContaining("which is not a file in the backup's folder");
  }

  @ParameterizedTest
  @ValueSource(strings = {"[]", "{}", "{\"meta\":{}}", "{\"meta\":{\"fileName\":\"m\"},\"files\":{}}",
      "{\"meta\":{\"fileName\":\"m\"},\"files\":[{\"fileName\":\"x\"}]}", "not json"})
  void refusesWhatIsNoPortableManifest(String json) {
    assertThatThrownBy(() -> PortableManifest.decode(json.getBytes(StandardCharsets.UTF_8), "m.manifest"))
        .isInstanceOf(FormatException.class)
        .hasMessageStartingWith("m.manifest");
  }

  private static String quoted(String s) {
    return "\"" + s.replace("\\", "\\\\") + "\"";
  }
}
