package io.crvsbackup.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

class TranslationTest {
  private static final ServerVersion V7 = ServerVersion.parse("7.0.12");

  @Test
  void createKeepsEveryOptionButThoseTheTargetRefuses() {
    BsonDocument options = BsonDocument.parse("{capped: true, size: 4096, max: 10, validator: {a: {$exists: true}},"
        + " validationLevel: 'moderate', collation: {locale: 'fr'}, recordIdsReplicated: true, autoIndexId: false}");
    assertThat(Translation.createCommand("log", options, V7)).isEqualTo(BsonDocument.parse(
        "{create: 'log', capped: true, size: 4096, max: 10, validator: {a: {$exists: true}},"
            + " validationLevel: 'moderate', collation: {locale: 'fr'}, autoIndexId: true}"));
    assertThat(Translation.createCommand("log", BsonDocument.parse("{autoIndexId: false}"), ServerVersion.parse("3.6.0")))
        .isEqualTo(BsonDocument.parse("{create: 'log', autoIndexId: false}"));
    assertThat(Translation.createCommand("log", BsonDocument.parse("{autoIndexId: true}"), ServerVersion.parse("8.2.1")))
        .isEqualTo(BsonDocument.parse("{create: 'log'}"));
  }

  @Test
  void viewsAndTimeseriesKeepTheirDefinitions() {
    assertThat(Translation.createCommand("recent",
            BsonDocument.parse("{viewOn: 'Patient', pipeline: [{$match: {a: 1}}], collation: {locale: 'en'}}"), V7))
        .isEqualTo(BsonDocument.parse(
            "{create: 'recent', viewOn: 'Patient', pipeline: [{$match: {a: 1}}], collation: {locale: 'en'}}"));
    assertThat(Translation.createCommand("m", BsonDocument.parse(
            "{timeseries: {timeField: 't', metaField: 'm', granularity: 'hours'}, expireAfterSeconds: 86400}"), V7))
        .isEqualTo(BsonDocument.parse(
            "{create: 'm', timeseries: {timeField: 't', metaField: 'm', granularity: 'hours'}, expireAfterSeconds: 86400}"));
  }

  @Test
  void indexesLoseVersionAndNamespaceAndKeepEveryOption() {
    List<BsonDocument> specs = List.of(
        BsonDocument.parse("{v: 2, key: {_id: 1}, name: '_id_', ns: 'hearth-dev.Task'}"),
        BsonDocument.parse("{v: 2, key: {email: 1}, name: 'email_1', unique: true, ns: 'hearth-dev.Task'}"),
        BsonDocument.parse("{v: 1, key: {a: 1, b: -1}, name: 'a_1_b_-1'}"),
        BsonDocument.parse("{v: 2, key: {at: 1}, name: 'at_1', expireAfterSeconds: 3600}"),
        BsonDocument.parse("{v: 2, key: {s: 1}, name: 's_1', partialFilterExpression: {s: {$gt: 5}}, "
            + "collation: {locale: 'fr', strength: 2}}"),
        BsonDocument.parse("{v: 2, key: {_id: 1}, name: 'clustered', clustered: true, unique: true}"));
    assertThat(Translation.createIndexesCommand("Task", specs, V7)).isEqualTo(BsonDocument.parse(
        "{createIndexes: 'Task', indexes: ["
            + "{key: {email: 1}, name: 'email_1', unique: true},"
            + "{key: {a: 1, b: -1}, name: 'a_1_b_-1'},"
            + "{key: {at: 1}, name: 'at_1', expireAfterSeconds: 3600},"
            + "{key: {s: 1}, name: 's_1', partialFilterExpression: {s: {$gt: 5}}, collation: {locale: 'fr', strength: 2}}"
            + "], ignoreUnknownIndexOptions: true}"));
  }

  @Test
  void olderServersGetNoIgnoreUnknownIndexOptionsAndOnlyIdMeansNoCommand() {
    BsonDocument cmd = Translation.createIndexesCommand("T",
        List.of(BsonDocument.parse("{v: 2, key: {a: 1}, name: 'a_1'}")), ServerVersion.parse("4.0.28"));
    assertThat(cmd.containsKey("ignoreUnknownIndexOptions")).isFalse();
    assertThat(Translation.createIndexesCommand("T",
        List.of(BsonDocument.parse("{v: 2, key: {_id: 1}, name: '_id_'}")), V7)).isNull();
  }

  @Test
  void serverVersionsCompare() {
    assertThat(ServerVersion.parse("4.1.9").atLeast(4, 1, 9)).isTrue();
    assertThat(ServerVersion.parse("4.1.8").atLeast(4, 1, 9)).isFalse();
    assertThat(ServerVersion.parse("5.0.0-rc0").atLeast(5, 0, 0)).isTrue();
    assertThat(ServerVersion.of(BsonDocument.parse("{version: 'weird', versionArray: [6, 0, 3, 0]}")).text())
        .isEqualTo("6.0.3");
  }
}
