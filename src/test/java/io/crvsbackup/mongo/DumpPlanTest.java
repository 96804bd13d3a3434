package io.crvsbackup.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

class DumpPlanTest {
  private static BsonDocument entry(String json) {
    return BsonDocument.parse(json);
  }

  @Test
  void takesCollectionsViewsAndTimeseriesWithTheirOptionsAndUuid() {
    DumpPlan p = DumpPlan.of("hearth-dev", List.of(
        entry("{name: 'Patient', type: 'collection', options: {}, info: {readOnly: false, uuid: "
            + "{$binary: {base64: 'AFAV8KP1TL2dAchkStBf2w==', subType: '04'}}}}"),
        entry("{name: 'log', type: 'collection', options: {capped: true, size: 4096, max: 10}}"),
        entry("{name: 'recent', type: 'view', options: {viewOn: 'Patient', pipeline: [{$match: {a: 1}}]}}"),
        entry("{name: 'metrics', type: 'timeseries', options: {timeseries: {timeField: 't', granularity: 'seconds'}}}"),
        entry("{name: 'legacy'}")), Set.of());
    assertThat(p.items()).extracting(DumpPlan.Item::name).containsExactly("Patient", "log", "recent", "metrics", "legacy");
    assertThat(p.items().get(0).uuid()).isEqualTo(UUID.fromString("005015f0-a3f5-4cbd-9d01-c8644ad05fdb"));
    assertThat(p.items().get(1).options()).isEqualTo(BsonDocument.parse("{capped: true, size: 4096, max: 10}"));
    assertThat(p.items().get(2).isView()).isTrue();
    assertThat(p.items().get(3).isTimeseries()).isTrue();
    assertThat(p.items().get(4).type()).isEqualTo("collection");
    assertThat(p.items().get(4).uuid()).isNull();
  }

  @Test
  void leavesOutSystemCollectionsButSystemJsAsMongodumpDoes() {
    DumpPlan p = DumpPlan.of("db", List.of(entry("{name: 'system.views'}"), entry("{name: 'system.profile'}"),
        entry("{name: 'system.buckets.metrics'}"), entry("{name: 'system.js'}"), entry("{name: 'a$b'}"),
        entry("{name: 'Task'}")), Set.of());
    assertThat(p.items()).extracting(DumpPlan.Item::name).containsExactly("system.js", "Task");
    assertThat(p.skipped()).containsExactly("system.views", "system.profile", "system.buckets.metrics", "a$b");
  }

  @Test
  void honoursExcludes() {
    DumpPlan p = DumpPlan.of("openhim-dev", List.of(entry("{name: 'transactions'}"), entry("{name: 'channels'}")),
        Set.of("transactions"));
    assertThat(p.items()).extracting(DumpPlan.Item::name).containsExactly("channels");
    assertThat(p.excluded()).containsExactly("transactions");
  }
}
