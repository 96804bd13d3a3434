package io.crvsbackup.elastic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.crvsbackup.job.Engine;
import io.crvsbackup.job.EngineResult;
import io.crvsbackup.job.JobListener;
import io.crvsbackup.store.BackupSet;
import io.crvsbackup.store.SetStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Backup, restore, retention and offline verify against the real 7.17 and 8.x nodes of scripts/test-env. */
class ElasticEngineIT {

  @ParameterizedTest
  @EnumSource(EsNode.class)
  void backupMutateRestoreGivesBackEveryDocumentAndLeavesAnUnrelatedIndexAlone(EsNode node) throws Exception {
    try (EsFixture f = new EsFixture(node)) {
      OpencrvsData data = f.data(1);
      data.load(node);
      String unrelated = f.index("unrelated");
      node.bulk(unrelated, data.locations(25, 0));
      Map<String, Map<String, JsonNode>> before = documents(node, data.indices());
      Engine engine = f.engine(List.of(f.id + "-ocrvs", f.id + "-events_*", f.id + "-loc*"));

      BackupSet set = f.backup(engine, "2026-11-25");

      JsonNode facts = set.manifest().orElseThrow().engines().get("elasticsearch");
      assertThat(facts.path("snapshot").asText()).isEqualTo("snapshot_2026-11-25");
      assertThat(facts.path("uuid").asText()).isNotBlank();
      assertThat(facts.path("state").asText()).isEqualTo("SUCCESS");
      assertThat(facts.path("serverVersion").asText()).startsWith(node.major + ".");
      assertThat(facts.path("indices").path(data.compositions()).path("docs").asLong()).isEqualTo(OpencrvsData.COMPOSITIONS);
      assertThat(facts.path("indices").path(data.events()).path("docs").asLong()).isEqualTo(OpencrvsData.EVENTS);
      assertThat(facts.path("indices").path(data.locations()).path("docs").asLong()).isEqualTo(OpencrvsData.LOCATIONS);
      assertThat(facts.path("indices").has(unrelated)).isFalse();
      assertThat(facts.path("shards").asInt()).isEqualTo(4);
      assertThat(set.snapshot()).contains("snapshot_2026-11-25");
      assertThat(engine.verifyOffline(set, JobListener.NONE)).isEmpty();

      mutate(node, data);
      node.bulk(unrelated, data.locations(10, 100));
      Map<String, JsonNode> unrelatedBefore = node.documents(unrelated);
      assertThat(node.documents(data.compositions())).isNotEqualTo(before.get(data.compositions()));

      EngineResult restored = f.restore(engine, set);

      assertThat(documents(node, data.indices())).isEqualTo(before);
      assertThat(node.documents(unrelated)).isEqualTo(unrelatedBefore).hasSize(35);
      assertThat(restored.facts().path("documents").asLong())
          .isEqualTo(OpencrvsData.COMPOSITIONS + OpencrvsData.EVENTS + OpencrvsData.LOCATIONS);
      assertThat(f.listener.lines).anyMatch(l -> l.startsWith("info: deleted the live indices"));
    }
  }

  @ParameterizedTest
  @EnumSource(EsNode.class)
  void twoSetsInARowBothRestoreAndPruningOneDeletesExactlyItsSnapshot(EsNode node) throws Exception {
    try (EsFixture f = new EsFixture(node)) {
      OpencrvsData data = f.data(2);
      data.load(node);
      Engine engine = f.engine(List.of(f.id + "-*"));
      BackupSet first = f.backup(engine, "2026-11-24");
      Map<String, Map<String, JsonNode>> atFirst = documents(node, data.indices());
      mutate(node, data);
      node.bulk(data.locations(), data.locations(50, 1000));
      BackupSet second = f.backup(engine, "2026-11-25");
      Map<String, Map<String, JsonNode>> atSecond = documents(node, data.indices());
      node.bulk(data.locations(), data.locations(5, 2000));

      f.restore(engine, first);
      assertThat(documents(node, data.indices())).isEqualTo(atFirst);
      f.restore(engine, second);
      assertThat(documents(node, data.indices())).isEqualTo(atSecond);

      engine.forget(f.set("2026-11-24"), f.listener);

      assertThat(node.snapshots(f.repository)).containsExactly("snapshot_2026-11-25");
      assertThat(f.set("2026-11-25").snapshot()).contains("snapshot_2026-11-25");
      assertThat(engine.verifyOffline(f.set("2026-11-25"), JobListener.NONE)).isEmpty();
      f.restore(engine, second);
      assertThat(documents(node, data.indices())).isEqualTo(atSecond);
    }
  }

  @ParameterizedTest
  @EnumSource(EsNode.class)
  void forgetLeavesSnapshotsThatCrvsBackupDidNotMake(EsNode node) throws Exception {
    try (EsFixture f = new EsFixture(node)) {
      String index = f.index("ocrvs");
      node.bulk(index, new OpencrvsData(f.id, 3).compositions(50, 0));
      Engine engine = f.engine(List.of(index));
      f.backup(engine, "2026-11-20");
      // What OpenCRVS's own backup script does: a snapshot of its own in the same repository.
      node.ok("PUT", "/_snapshot/" + f.repository + "/snapshot_2026-11-19?wait_for_completion=true",
          "{\"indices\":\"" + index + "\"}");
      BackupSet imported = f.set("2026-11-19");
      assertThat(imported.status()).isEqualTo(SetStatus.IMPORTED);

      engine.forget(imported, f.listener);

      assertThat(node.snapshots(f.repository)).containsExactly("snapshot_2026-11-19", "snapshot_2026-11-20");
      assertThat(f.listener.lines).anyMatch(l -> l.contains("left snapshot_2026-11-19 in the repository"));
      assertThat(engine.verifyOffline(imported, JobListener.NONE)).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(EsNode.class)
  void noMatchingIndexIsAnEmptySnapshotNotAFailure(EsNode node) throws Exception {
    try (EsFixture f = new EsFixture(node)) {
      String live = f.index("ocrvs");
      node.bulk(live, new OpencrvsData(f.id, 4).compositions(10, 0));
      Engine engine = f.engine(List.of(f.id + "-nothing*", f.id + "-missing"));

      BackupSet set = f.backup(engine, "empty-install");

      JsonNode facts = set.manifest().orElseThrow().engines().get("elasticsearch");
      assertThat(facts.path("indices").size()).isZero();
      assertThat(facts.path("warnings").toString()).contains("no index matches");
      assertThat(node.snapshots(f.repository)).containsExactly("snapshot_empty-install");
      assertThat(engine.verifyOffline(set, JobListener.NONE)).isEmpty();
      f.restore(engine, set);
      assertThat(node.count(live)).isEqualTo(10);
    }
  }

  @ParameterizedTest
  @EnumSource(EsNode.class)
  void drillRestoresUnderNewNamesAndLeavesLiveIndicesAlone(EsNode node) throws Exception {
    try (EsFixture f = new EsFixture(node)) {
      OpencrvsData data = f.data(5);
      data.load(node);
      node.ok("POST", "/_aliases", "{\"actions\":[{\"add\":{\"index\":\"" + data.compositions() + "\",\"alias\":\""
          + f.id + "-search\"}}]}");
      Engine engine = f.engine(List.of(f.id + "-*"));
      BackupSet set = f.backup(engine, "2026-11-21");
      Map<String, Map<String, JsonNode>> atBackup = documents(node, data.indices());
      mutate(node, data);
      Map<String, Map<String, JsonNode>> live = documents(node, data.indices());
      String drill = f.index("drill");
      f.index("drill-ocrvs");
      f.index("drill-events_birth");

      EngineResult result = f.restore(engine, set, Map.of(f.id + "-(ocrvs|events_birth)", drill + "-$1"));

      assertThat(node.documents(drill + "-ocrvs")).isEqualTo(atBackup.get(data.compositions()));
      assertThat(node.documents(drill + "-events_birth")).isEqualTo(atBackup.get(data.events()));
      assertThat(node.exists(drill + "-locations")).isFalse();
      assertThat(documents(node, data.indices())).isEqualTo(live);
      JsonNode alias = node.ok("GET", "/_alias/" + f.id + "-search", null);
      assertThat(alias.fieldNames()).toIterable().containsExactly(data.compositions());
      assertThat(result.warnings()).anyMatch(l -> l.contains(data.locations() + " matches no rename"));
    }
  }

  @ParameterizedTest
  @EnumSource(EsNode.class)
  void offlineVerifyNamesAFileWhoseBytesChanged(EsNode node) throws Exception {
    try (EsFixture f = new EsFixture(node)) {
      OpencrvsData data = f.data(6);
      data.load(node);
      Engine engine = f.engine(List.of());
      BackupSet set = f.backup(engine, "2026-11-22");
      java.nio.file.Path blob = RepositoryFiles.largestDataBlob(f.repositoryFolder());
      RepositoryFiles.flipByte(blob, java.nio.file.Files.size(blob) / 2);

      List<String> problems = engine.verifyOffline(set, JobListener.NONE);

      assertThat(problems).singleElement().asString()
          .startsWith("corrupted: elasticsearch/indices/")
          .contains(blob.getFileName().toString()).contains("checksum");
      java.nio.file.Files.delete(blob);
      assertThat(engine.verifyOffline(set, JobListener.NONE)).singleElement().asString().startsWith("missing: ");
    }
  }

  /** A slow snapshot that another tool (SLM, a script) started is waited for, not raced. */
  @ParameterizedTest
  @EnumSource(EsNode.class)
  void aSnapshotAnotherToolIsTakingIsWaitedFor(EsNode node) throws Exception {
    try (EsFixture f = new EsFixture(node)) {
      OpencrvsData data = f.data(7);
      data.load(node);
      String other = "other-" + f.id;
      node.ok("PUT", "/_snapshot/" + other, "{\"type\":\"fs\",\"settings\":{\"location\":\""
          + f.backupDir.resolve("other") + "\",\"max_snapshot_bytes_per_sec\":\"40kb\"}}");
      try {
        node.ok("PUT", "/_snapshot/" + other + "/nightly-slm?wait_for_completion=false",
            "{\"indices\":\"" + f.id + "-*\",\"include_global_state\":false}");

        BackupSet set = f.backup(f.engine(List.of(f.id + "-*")), "2026-11-23");

        assertThat(f.listener.lines).anyMatch(l -> l.startsWith("info: waiting for running snapshot(s) " + other
            + ":nightly-slm to finish before taking snapshot_2026-11-23"));
        JsonNode theirs = node.ok("GET", "/_snapshot/" + other + "/nightly-slm", null).path("snapshots").get(0);
        assertThat(theirs.path("state").asText()).isEqualTo("SUCCESS");
        java.time.Instant ourStart = java.time.Instant.parse(
            set.manifest().orElseThrow().engines().get("elasticsearch").path("started").asText());
        assertThat(ourStart.toEpochMilli()).isGreaterThanOrEqualTo(theirs.path("end_time_in_millis").asLong());
      } finally {
        node.unregister(other);
      }
    }
  }

  static Map<String, Map<String, JsonNode>> documents(EsNode node, List<String> indices) {
    Map<String, Map<String, JsonNode>> all = new java.util.TreeMap<>();
    indices.forEach(i -> all.put(i, node.documents(i)));
    return all;
  }

  /** Updates, deletes and adds documents in each index, as a day of OpenCRVS work would. */
  static void mutate(EsNode node, OpencrvsData data) {
    node.bulk(data.compositions(), data.compositions(40, 0));
    node.bulk(data.compositions(), data.compositions(60, OpencrvsData.COMPOSITIONS));
    StringBuilder deletes = new StringBuilder();
    for (int i = 0; i < 30; i++) {
      deletes.append("{\"delete\":{\"_index\":\"").append(data.events()).append("\",\"_id\":\"ev-").append(i * 7)
          .append("\"}}\n");
    }
    node.ok("POST", "/_bulk?refresh=true", deletes.toString());
    node.deleteIndices(List.of(data.locations()));
  }
}
