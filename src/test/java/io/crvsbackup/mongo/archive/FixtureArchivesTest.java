package io.crvsbackup.mongo.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.bson.BsonDocument;
import org.bson.RawBsonDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Archives written by mongodump itself; the expected values come from an independent parser. */
class FixtureArchivesTest {
  private static final Namespace SYSTEM_VERSION = new Namespace("admin", "system.version");

  @Test
  void readsTestBar() throws Exception {
    Fixtures.Read read = Fixtures.read(Fixtures.bytes(Fixtures.TEST_BAR), Fixtures.TEST_BAR);
    ArchivePrelude p = read.prelude();

    assertThat(p.formatVersion()).isEqualTo("0.1");
    assertThat(p.serverVersion()).isEqualTo("3.4.3");
    assertThat(p.toolVersion()).isEqualTo("r3.4.3");
    assertThat(p.concurrentCollections()).isEqualTo(4);
    Namespace bar = new Namespace("test", "bar");
    assertThat(p.collections()).extracting(CollectionMetadata::namespace)
        .containsExactly(bar, SYSTEM_VERSION);
    CollectionMetadata meta = p.collection(bar).orElseThrow();
    assertThat(meta.type()).isEqualTo(CollectionMetadata.COLLECTION);
    assertThat(meta.typeField()).as("r3.4.3 wrote no type").isNull();
    assertThat(meta.options()).isEqualTo(new BsonDocument());
    assertThat(meta.indexes()).containsExactly(
        BsonDocument.parse("{v: 2, key: {_id: 1}, name: '_id_', ns: 'test.bar'}"));
    assertThat(meta.uuid()).isEmpty();
    assertThat(p.collection(SYSTEM_VERSION).orElseThrow().indexes())
        .extracting(i -> i.getString("name").getValue())
        .containsExactly("_id_", "incompatible_with_version_32");

    assertThat(read.endOrder()).containsExactly(SYSTEM_VERSION, bar);
    assertThat(counts(read)).containsExactlyInAnyOrderEntriesOf(Map.of(bar, 1, SYSTEM_VERSION, 1));
    assertThat(new RawBsonDocument(read.documents().get(bar).get(0)))
        .isEqualTo(BsonDocument.parse("{_id: {$oid: '58ffb124b721bc6c3234333c'}, foo: 'bar'}"));
    assertThat(read.summary().namespace(bar).orElseThrow().crc()).isEqualTo(-7824457949569593127L);
    assertThat(read.summary().namespace(SYSTEM_VERSION).orElseThrow().crc())
        .isEqualTo(-682997726120892866L);
    assertThat(read.summary().bytes()).isEqualTo(896);
  }

  @Test
  void readsADumpWithAnOplog() throws Exception {
    Fixtures.Read read = Fixtures.read(Fixtures.bytes(Fixtures.OPLOG), Fixtures.OPLOG);
    ArchivePrelude p = read.prelude();
    Namespace foo = new Namespace("test", "foo");
    Namespace oplog = new Namespace("", "oplog");

    assertThat(p.serverVersion()).isEqualTo("4.0.2");
    assertThat(p.toolVersion()).isEqualTo("r4.1.3-4-gd9eefb54");
    assertThat(p.collections()).extracting(CollectionMetadata::namespace)
        .containsExactly(foo, oplog, SYSTEM_VERSION);
    CollectionMetadata oplogMeta = p.collection(oplog).orElseThrow();
    assertThat(oplogMeta.metadataJson()).isEmpty();
    assertThat(oplogMeta.indexes()).isEmpty();
    assertThat(oplog).hasToString("oplog");
    assertThat(p.collection(foo).orElseThrow().uuid()).hasValue("d6b7b0bd5dce41c498aa03f115533254");

    assertThat(read.endOrder()).as("the oplog comes last").containsExactly(SYSTEM_VERSION, foo, oplog);
    assertThat(counts(read))
        .containsExactlyInAnyOrderEntriesOf(Map.of(foo, 25, oplog, 18, SYSTEM_VERSION, 1));
    Map<String, Long> opsByNs =
        read.documents().get(oplog).stream()
            .map(RawBsonDocument::new)
            .peek(e -> assertThat(e.getString("op").getValue()).isEqualTo("i"))
            .collect(Collectors.groupingBy(e -> e.getString("ns").getValue(), Collectors.counting()));
    assertThat(opsByNs).containsExactlyInAnyOrderEntriesOf(
        Map.of("test.foo", 16L, "config.system.sessions", 2L));
    assertThat(read.summary().namespace(oplog).orElseThrow().crc()).isEqualTo(-9206534501618249364L);
    assertThat(read.summary().namespace(foo).orElseThrow().crc()).isEqualTo(-7149850455237104254L);
  }

  @Test
  void readsATimeseriesDumpWithItsBucketsUnderSystemBuckets() throws Exception {
    Fixtures.Read read = Fixtures.read(Fixtures.bytes(Fixtures.TIMESERIES), Fixtures.TIMESERIES);
    ArchivePrelude p = read.prelude();
    Namespace ts = new Namespace("timeseries_test", "foo_ts");
    Namespace buckets = new Namespace("timeseries_test", "system.buckets.foo_ts");
    Namespace views = new Namespace("admin", "system.views");

    assertThat(p.serverVersion()).isEqualTo("5.0.0-rc0");
    assertThat(p.toolVersion()).isEqualTo("100.3.1-9-g6903606e-dirty");
    assertThat(p.viewlessTimeseries()).isFalse();
    CollectionMetadata meta = p.collection(ts).orElseThrow();
    assertThat(meta.isTimeseries()).isTrue();
    assertThat(meta.typeField()).isEqualTo("timeseries");
    assertThat(meta.options().getDocument("timeseries"))
        .isEqualTo(BsonDocument.parse(
            "{timeField: 'ts', metaField: 'meta', granularity: 'seconds', bucketMaxSpanSeconds: 3600}"));
    assertThat(meta.indexes()).extracting(i -> i.getString("name").getValue())
        .containsExactly("meta.device_1", "ts_1_meta.device_1");
    assertThat(meta.uuid()).isEmpty();
    assertThat(p.dataNamespace(meta)).isEqualTo(buckets);
    assertThat(p.metadataFor(buckets)).hasValue(meta);
    assertThat(p.collection(views).orElseThrow().type()).isEqualTo(CollectionMetadata.COLLECTION);

    assertThat(read.endOrder()).containsExactly(SYSTEM_VERSION, views, buckets);
    assertThat(counts(read))
        .containsExactlyInAnyOrderEntriesOf(Map.of(SYSTEM_VERSION, 1, views, 0, buckets, 10));
    assertThat(read.documents().get(buckets))
        .allSatisfy(b -> assertThat(new RawBsonDocument(b).containsKey("control")).isTrue());
    assertThat(read.summary().namespace(buckets).orElseThrow().crc()).isEqualTo(4620499534075225423L);
    assertThat(read.summary().namespace(views).orElseThrow().crc()).isZero();
  }

  @Test
  void rejectsBadFormatNamingTheArchiveNamespaceAndOffset() {
    byte[] bad = Fixtures.bytes(Fixtures.BAD_FORMAT);

    assertThatThrownBy(() -> Fixtures.read(bad, Fixtures.BAD_FORMAT))
        .isInstanceOf(ArchiveException.class)
        .hasMessageStartingWith("corruption found in archive bad-format.archive")
        .hasMessageContaining("namespace test.ixtest")
        .hasMessageContaining("at byte offset 106")
        .hasMessageContaining("not valid Extended JSON")
        .satisfies(e -> assertThat(((ArchiveException) e).offset()).isEqualTo(106));
  }

  @ParameterizedTest
  @ValueSource(strings = {Fixtures.TEST_BAR, Fixtures.OPLOG, Fixtures.TIMESERIES})
  void readsTheSameGzippedInOneOrManyMembers(String name) throws Exception {
    byte[] raw = Fixtures.bytes(name);
    Fixtures.Read plain = Fixtures.read(raw, name);

    for (int member : new int[] {raw.length + 1, 1000, 97, 13}) {
      Fixtures.Read gz = Fixtures.read(Fixtures.gzipMembers(raw, member), name + ".gz");
      assertThat(gz.summary()).as("members of %d bytes", member).isEqualTo(plain.summary());
    }
  }

  @Test
  void verifiesAFileAndNamesItByItsFileName(@TempDir Path dir) throws Exception {
    Path good = dir.resolve("hearth-dev-2026-11-25.gz");
    Files.write(good, Fixtures.gzip(Fixtures.bytes(Fixtures.OPLOG)));
    Path bad = dir.resolve("broken.gz");
    Files.write(bad, Fixtures.gzip(Fixtures.bytes(Fixtures.BAD_FORMAT)));

    assertThat(ArchiveReader.verify(good).documents()).isEqualTo(44);
    assertThatThrownBy(() -> ArchiveReader.verify(bad))
        .hasMessageStartingWith("corruption found in archive broken.gz");
  }

  private static Map<Namespace, Integer> counts(Fixtures.Read read) {
    return read.documents().entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().size()));
  }

}
