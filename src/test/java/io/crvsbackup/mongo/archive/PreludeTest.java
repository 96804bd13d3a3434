package io.crvsbackup.mongo.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PreludeTest {
  private static final Namespace TS = new Namespace("metrics", "obs");

  private static CollectionMetadata timeseries() {
    return CollectionMetadata.of(TS, CollectionMetadata.TIMESERIES,
        BsonDocument.parse("{timeseries: {timeField: 't'}}"), List.of(), null);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "5.0.0-rc0, metrics.system.buckets.obs",
    "7.0.12,    metrics.system.buckets.obs",
    "8.2.9,     metrics.system.buckets.obs",
    "8.3.0,     metrics.obs",
    "9.0.1,     metrics.obs",
    "10.0.0+x,  metrics.obs",
    "garbage,   metrics.system.buckets.obs",
  })
  void timeseriesDataLivesInBucketsBeforeServer83(String version, String dataNamespace) {
    ArchivePrelude p = new ArchivePrelude(1, "0.1", version, "t", List.of(timeseries()));

    assertThat(p.dataNamespaces()).extracting(Namespace::toString).containsExactly(dataNamespace);
    assertThat(p.metadataFor(p.dataNamespaces().get(0))).hasValue(timeseries());
  }

  @Test
  void metadataIsWrittenAsMongodumpWritesIt() {
    CollectionMetadata m = CollectionMetadata.of(new Namespace("user-mgnt", "users"),
        CollectionMetadata.COLLECTION,
        BsonDocument.parse("{validator: {name: {$type: 'string'}}, comment: 'a b: c, d'}"),
        List.of(BsonDocument.parse("{v: 2, key: {_id: 1}, name: '_id_'}"),
            BsonDocument.parse("{v: 2, key: {email: 1}, name: 'email_1', unique: true}")),
        UUID.fromString("d6b7b0bd-5dce-41c4-98aa-03f115533254"));

    assertThat(m.metadataJson()).isEqualTo(
        "{\"options\":{\"validator\":{\"name\":{\"$type\":\"string\"}},\"comment\":\"a b: c, d\"},"
            + "\"indexes\":[{\"v\":{\"$numberInt\":\"2\"},\"key\":{\"_id\":{\"$numberInt\":\"1\"}},"
            + "\"name\":\"_id_\"},{\"v\":{\"$numberInt\":\"2\"},\"key\":{\"email\":{\"$numberInt\":"
            + "\"1\"}},\"name\":\"email_1\",\"unique\":true}],"
            + "\"uuid\":\"d6b7b0bd5dce41c498aa03f115533254\",\"collectionName\":\"users\","
            + "\"type\":\"collection\"}");
    assertThat(m.uuid()).hasValue("d6b7b0bd5dce41c498aa03f115533254");
    assertThat(m.indexes()).hasSize(2);
  }

  @Test
  void aViewIsRecognisedWithOrWithoutItsTypeField() {
    CollectionMetadata typed = CollectionMetadata.of(new Namespace("d", "v"), CollectionMetadata.VIEW,
        BsonDocument.parse("{viewOn: 'c', pipeline: []}"), List.of(), null);
    CollectionMetadata old = CollectionMetadata.parse(new Namespace("d", "v"), null, 0,
        "{\"options\":{\"viewOn\":\"c\",\"pipeline\":[]},\"indexes\":[]}");

    assertThat(typed.isView()).isTrue();
    assertThat(old.isView()).isTrue();
    assertThat(old.options().getString("viewOn").getValue()).isEqualTo("c");
  }

  @Test
  void theOplogHasNoMetadata() {
    CollectionMetadata oplog = CollectionMetadata.withoutMetadata(new Namespace("", "oplog"));

    assertThat(oplog.metadataJson()).isEmpty();
    assertThat(oplog.indexes()).isEmpty();
    assertThat(oplog.options()).isEqualTo(new BsonDocument());
  }

  @Test
  void handedOutValuesAreCopies() {
    CollectionMetadata m = timeseries();
    m.options().put("capped", new org.bson.BsonBoolean(true));

    assertThat(m.options().containsKey("capped")).isFalse();
  }

  @Test
  void aPreludeRefusesDuplicatesAndBadVersions() {
    CollectionMetadata ts = timeseries();
    CollectionMetadata buckets = CollectionMetadata.of(TS.buckets(), CollectionMetadata.COLLECTION,
        new BsonDocument(), List.of(), null);

    assertThatThrownBy(() -> ArchivePrelude.of("7.0.0", "t", 1, List.of(ts, ts)))
        .hasMessageContaining("declared twice");
    assertThatThrownBy(() -> ArchivePrelude.of("7.0.0", "t", 1, List.of(ts, buckets)))
        .hasMessageContaining("would share metrics.system.buckets.obs");
    assertThatThrownBy(() -> ArchivePrelude.of("7.0", "t", 1, List.of()))
        .hasMessageContaining("X.Y.Z");
    assertThatThrownBy(() -> ArchivePrelude.of("7.0.0", "t", 0, List.of()))
        .hasMessageContaining("at least 1");
    assertThat(ArchivePrelude.of("8.0.4", "t", 1, List.of()).formatVersion()).isEqualTo("0.1");
  }

  @Test
  void namespacesPrintLikeMongoTools() {
    assertThat(new Namespace("hearth-dev", "Patient")).hasToString("hearth-dev.Patient");
    assertThat(new Namespace("", "oplog")).hasToString("oplog");
    assertThatThrownBy(() -> new Namespace("db", "")).isInstanceOf(IllegalArgumentException.class);
  }
}
