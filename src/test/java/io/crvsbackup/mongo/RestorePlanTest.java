package io.crvsbackup.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import io.crvsbackup.mongo.archive.ArchivePrelude;
import io.crvsbackup.mongo.archive.ArchiveReader;
import io.crvsbackup.mongo.archive.CollectionMetadata;
import io.crvsbackup.mongo.archive.Namespace;
import java.io.ByteArrayInputStream;
import java.util.List;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

/** What a restore does with the archives mongodump wrote (the fixtures) and with our declarations. */
class RestorePlanTest {
  private static final ServerVersion V7 = ServerVersion.parse("7.0.12");

  static ArchivePrelude prelude(String fixture) throws Exception {
    byte[] bytes = MongoKit.resource("/mongo/archive/" + fixture);
    try (ArchiveReader r = ArchiveReader.open(new ByteArrayInputStream(bytes), fixture)) {
      return r.prelude();
    }
  }

  @Test
  void oplogIsNotReplayedAndAdminSystemVersionIsLeftAlone() throws Exception {
    RestorePlan p = RestorePlan.of(prelude("dump-w-oplog.archive"), "test", "drill", V7);
    assertThat(p.collections()).extracting(RestorePlan.Collection::name).containsExactly("foo");
    assertThat(p.byDataNamespace()).containsOnlyKeys(new Namespace("test", "foo"));
    assertThat(p.warnings()).singleElement().asString().contains("oplog").contains("not replayed");
    assertThat(p.notes()).singleElement().asString().contains("admin.system.version");
    assertThat(p.target()).isEqualTo("drill");
  }

  @Test
  void timeseriesIsCreatedWithItsOptionsAndFilledThroughItsBuckets() throws Exception {
    RestorePlan p = RestorePlan.of(prelude("timeseries_tests-dump.archive"), "timeseries_test", "ts", V7);
    RestorePlan.Collection c = p.collections().get(0);
    assertThat(c.name()).isEqualTo("foo_ts");
    assertThat(c.dataCollection()).isEqualTo("system.buckets.foo_ts");
    assertThat(c.create().getString("create").getValue()).isEqualTo("foo_ts");
    assertThat(c.create().getDocument("timeseries").getString("timeField").getValue()).isNotEmpty();
    assertThat(p.byDataNamespace().get(new Namespace("timeseries_test", "system.buckets.foo_ts"))).isSameAs(c);
    assertThat(p.notes()).anyMatch(n -> n.contains("admin.system.views"));
  }

  @Test
  void viewsComeLastAndCappedCollectionsAreKnown() {
    ArchivePrelude prelude = ArchivePrelude.of("7.0.12", "t", 4, List.of(
        CollectionMetadata.of(new Namespace("hearth-dev", "recent"), "view",
            BsonDocument.parse("{viewOn: 'Patient', pipeline: []}"), List.of(), null),
        CollectionMetadata.of(new Namespace("hearth-dev", "Patient"), "collection", new BsonDocument(),
            List.of(BsonDocument.parse("{v: 2, key: {_id: 1}, name: '_id_'}"),
                BsonDocument.parse("{v: 2, key: {a: 1}, name: 'a_1', ns: 'hearth-dev.Patient'}")), null),
        CollectionMetadata.of(new Namespace("hearth-dev", "log"), "collection",
            BsonDocument.parse("{capped: true, size: 4096}"), List.of(), null),
        CollectionMetadata.of(new Namespace("hearth-dev", "system.views"), "collection", new BsonDocument(),
            List.of(), null)));
    RestorePlan p = RestorePlan.of(prelude, "hearth-dev", "hearth-dev-drill", V7);
    assertThat(p.collections()).extracting(RestorePlan.Collection::name).containsExactly("Patient", "log");
    assertThat(p.views()).extracting(RestorePlan.Collection::name).containsExactly("recent");
    assertThat(p.collections().get(0).createIndexes()).isEqualTo(BsonDocument.parse(
        "{createIndexes: 'Patient', indexes: [{key: {a: 1}, name: 'a_1'}], ignoreUnknownIndexOptions: true}"));
    assertThat(p.collections().get(1).capped()).isTrue();
    assertThat(p.warnings()).singleElement().asString().contains("system.views");
  }
}
