package io.crvsbackup.elastic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crvsbackup.job.EngineResult;
import io.crvsbackup.store.BackupSet;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The restore flow against a fake cluster: every refusal comes before anything is deleted. */
class SnapshotRestoreTest {
  @TempDir Path dir;
  FakeWorld w;
  BackupSet set;

  @BeforeEach
  void world() {
    w = new FakeWorld(dir);
    w.cluster.indices.put("ocrvs", 7L);
    w.cluster.indices.put("events_birth", 2L);
    w.cluster.indices.put("unrelated", 9L);
    w.cluster.add("snapshot_2026-11-25", List.of("events_birth", "ocrvs"));
    w.cluster.writeRepository();
    w.cluster.restoredCount.putAll(Map.of("ocrvs", 120L, "events_birth", 30L));
    set = FakeWorld.ours("2026-11-25",
        Optional.of(w.facts("snapshot_2026-11-25", Map.of("ocrvs", 120L, "events_birth", 30L))));
  }

  @Test
  void deletesExactlyTheSnapshotsIndicesRestoresThemAndChecksTheCounts() throws Exception {
    EngineResult r = w.restore(set, Map.of());

    assertThat(w.cluster.calls).containsExactly("createRepository ocrvs",
        "deleteIndices [events_birth, ocrvs]", "startRestore snapshot_2026-11-25 [events_birth, ocrvs]");
    assertThat(w.cluster.indices).containsEntry("unrelated", 9L).containsEntry("ocrvs", 120L);
    assertThat(r.facts().path("documents").asLong()).isEqualTo(150);
    assertThat(r.warnings()).isEmpty();
  }

  @Test
  void aSnapshotOfANewerMajorIsRefusedBeforeAnythingIsDeleted() {
    w.cluster.version = "7.17.29";

    assertThatThrownBy(() -> w.restore(set, Map.of()))
        .hasMessage("restore snapshot 'snapshot_2026-11-25' in repository 'ocrvs' on Elasticsearch at http://fake:9200:"
            + " it was written by Elasticsearch 8.x (version id 8521000), and this server is 7.17.29: Elasticsearch cannot"
            + " restore onto an older major version. Restore it onto Elasticsearch 8.x or newer;"
            + " no index was deleted or restored");
    assertThat(w.cluster.calls).noneMatch(c -> c.startsWith("delete") || c.startsWith("startRestore"));
  }

  @Test
  void aMissingSnapshotIsRefusedNamingWhatTheRepositoryHolds() {
    w.cluster.snapshots.clear();
    w.cluster.add("snapshot_2026-11-24", List.of("ocrvs"));

    assertThatThrownBy(() -> w.restore(set, Map.of()))
        .hasMessageContaining("does not hold it (it holds [snapshot_2026-11-24]); no index was deleted or restored");
    assertThat(w.cluster.calls).noneMatch(c -> c.startsWith("delete"));
  }

  @Test
  void aReplacedSnapshotOfTheSameNameIsRefused() {
    w.cluster.snapshots.clear();
    w.cluster.add("snapshot_2026-11-25", List.of("events_birth", "ocrvs"));

    assertThatThrownBy(() -> w.restore(set, Map.of()))
        .hasMessageContaining("the manifest recorded uuid-snapshot_2026-11-25-1: it was replaced");
  }

  @Test
  void aSnapshotWithoutAnIndexTheManifestListsIsRefused() {
    w.cluster.snapshots.clear();
    var d = w.cluster.add("snapshot_2026-11-25", List.of("ocrvs"));
    set = FakeWorld.ours("2026-11-25", Optional.of(w.facts(d.name(), Map.of("ocrvs", 1L, "events_birth", 1L))));

    assertThatThrownBy(() -> w.restore(set, Map.of()))
        .hasMessageContaining("it lacks the indices [events_birth] that the manifest lists");
  }

  @Test
  void anAliasOfOtherLiveIndicesIsNeverDeleted() {
    w.cluster.indices.remove("ocrvs");
    w.cluster.indices.put("ocrvs-v2", 5L);
    w.cluster.aliases.put("ocrvs", "ocrvs-v2");

    assertThatThrownBy(() -> w.restore(set, Map.of()))
        .hasMessageContaining("are aliases here, of the live indices [ocrvs-v2]");
    assertThat(w.cluster.indices).containsKey("ocrvs-v2");
  }

  @Test
  void countsThatDifferFromTheManifestFailTheRestore() {
    w.cluster.restoredCount.put("ocrvs", 119L);

    assertThatThrownBy(() -> w.restore(set, Map.of()))
        .hasMessageEndingWith("the indices were restored, but ocrvs has 119 documents, the manifest recorded 120");
  }

  @Test
  void aRestoreThatStopsRecoveringFailsAndSaysWhatWasDeleted() {
    w.cluster.pollsUntilRestored = -1;
    w.timeouts = new Timeouts(java.time.Duration.ofSeconds(2), java.time.Duration.ofHours(1),
        java.time.Duration.ofHours(1), java.time.Duration.ofHours(1));

    assertThatThrownBy(() -> w.restore(set, Map.of()))
        .hasMessageContaining("are not recovering (see GET _cluster/allocation/explain)")
        .hasMessageEndingWith("(the live indices [events_birth, ocrvs] were deleted before)");
  }

  @Test
  void aDrillRestoresUnderNewNamesAndDeletesNothing() throws Exception {
    EngineResult r = w.restore(set, Map.of("ocrvs", "ocrvs-drill"));

    assertThat(w.cluster.calls).containsExactly("createRepository ocrvs",
        "startRestore snapshot_2026-11-25 [ocrvs] ocrvs->ocrvs-drill");
    assertThat(w.cluster.indices).containsEntry("ocrvs", 7L).containsEntry("ocrvs-drill", 120L);
    assertThat(r.facts().path("indices").path("ocrvs-drill").path("from").asText()).isEqualTo("ocrvs");
    assertThat(r.warnings()).containsExactly("restore drill: index events_birth matches no rename; not restored");
  }

  @Test
  void aDrillIntoAnExistingIndexIsRefused() {
    assertThatThrownBy(() -> w.restore(set, Map.of("(.+)", "unrelated")))
        .hasMessageContaining("both 'events_birth' and 'ocrvs' would be restored as 'unrelated'");
    assertThatThrownBy(() -> w.restore(set, Map.of("ocrvs", "unrelated")))
        .hasMessageContaining("restore drill: the target indices [unrelated] already exist");
    assertThat(w.cluster.calls).noneMatch(c -> c.startsWith("delete") || c.startsWith("startRestore"));
  }

  @Test
  void renamesForOtherEnginesLeaveElasticsearchAlone() throws Exception {
    EngineResult r = w.restore(set, Map.of("hearth-dev", "hearth-drill"));

    assertThat(w.cluster.calls).noneMatch(c -> c.startsWith("delete") || c.startsWith("startRestore"));
    assertThat(r.warnings()).singleElement().asString().contains("Elasticsearch was not touched");
  }

  @Test
  void anImportedSetRestoresItsNonSystemIndicesWithoutCounts() throws Exception {
    w.cluster.snapshots.clear();
    w.cluster.add("snapshot_2026-11-25", List.of(".kibana_1", "ocrvs"));

    EngineResult r = w.restore(FakeWorld.imported("2026-11-25"), Map.of());

    assertThat(w.cluster.calls).contains("deleteIndices [ocrvs]", "startRestore snapshot_2026-11-25 [ocrvs]");
    assertThat(r.warnings()).singleElement().asString().contains("not made by crvs-backup");
  }

  @Test
  void aSetWithoutAnElasticsearchPartLeavesElasticsearchAlone() throws Exception {
    EngineResult r = w.restore(FakeWorld.ours("2026-11-25", Optional.empty()), Map.of());

    assertThat(r.warnings()).singleElement().asString().contains("has no Elasticsearch part");
    assertThat(w.cluster.calls).isEmpty();
  }

  @Test
  void aSetWhoseElasticsearchPartFailedIsRefused() {
    var failed = FakeWorld.ours("2026-11-25", Optional.of(EsNode.JSON.createObjectNode().put("ok", false)));

    assertThatThrownBy(() -> w.restore(failed, Map.of()))
        .hasMessageContaining("its backup failed, so the set has no snapshot to restore");
  }
}
