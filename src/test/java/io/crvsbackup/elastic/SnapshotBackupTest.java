package io.crvsbackup.elastic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.crvsbackup.job.EngineResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The backup flow against a fake cluster: waiting, refusing, failing, and the facts it records. */
class SnapshotBackupTest {
  @TempDir Path dir;
  FakeWorld w;

  @BeforeEach
  void world() {
    w = new FakeWorld(dir);
    w.cluster.indices.put("ocrvs", 120L);
    w.cluster.indices.put("events_birth", 30L);
    w.cluster.indices.put(".security-7", 3L);
  }

  @Test
  void recordsSnapshotUuidAndPerIndexCountsOfEveryNonSystemIndex() throws Exception {
    EngineResult r = w.backup(List.of(), "2026-11-25");

    JsonNode facts = r.facts();
    assertThat(r.artifacts()).isEmpty();
    assertThat(facts.path("snapshot").asText()).isEqualTo("snapshot_2026-11-25");
    assertThat(facts.path("uuid").asText()).isEqualTo(w.cluster.snapshots.get("snapshot_2026-11-25").uuid());
    assertThat(facts.path("indices").toString()).isEqualTo("{\"events_birth\":{\"docs\":30},\"ocrvs\":{\"docs\":120}}");
    assertThat(facts.path("documents").asLong()).isEqualTo(150);
    assertThat(w.cluster.calls).contains("createRepository ocrvs", "startSnapshot snapshot_2026-11-25 [events_birth, ocrvs]");
    assertThat(SnapshotFacts.from(facts).orElseThrow().toJson()).isEqualTo(facts);
  }

  @Test
  void waitsForSnapshotsOthersAreTakingInsteadOfRacingThem() throws Exception {
    var slm = List.of(new Cluster.SnapshotRef("slm-repo", "nightly-1", "STARTED"));
    w.cluster.running.add(slm);
    w.cluster.running.add(slm);

    w.backup(List.of("ocrvs"), "2026-11-25");

    assertThat(w.listener.starting("info: waiting")).containsExactly(
        "info: waiting for running snapshot(s) slm-repo:nightly-1 to finish before taking snapshot_2026-11-25");
    assertThat(w.cluster.running).isEmpty();
    assertThat(w.clock.instant()).isAfter(java.time.Instant.parse("2026-11-25T00:00:03Z"));
  }

  @Test
  void givesUpOnOthersSnapshotsAfterItsTimeoutWithoutTakingOne() {
    for (int i = 0; i < 20; i++) {
      w.cluster.running.add(List.of(new Cluster.SnapshotRef("ocrvs", "stuck", "STARTED")));
    }

    assertThatThrownBy(() -> w.backup(List.of(), "2026-11-25"))
        .hasMessage("take snapshot 'snapshot_2026-11-25' in repository 'ocrvs' on Elasticsearch at http://fake:9200:"
            + " snapshot(s) ocrvs:stuck that another tool started (SLM, a script) still run after PT10S; nothing was taken");
    assertThat(w.cluster.calls).noneMatch(c -> c.startsWith("startSnapshot"));
  }

  @Test
  void aConcurrentSnapshotRefusalIsWaitedOutAndRetried() throws Exception {
    w.cluster.failOn = new ClusterException(503, "concurrent_snapshot_execution_exception",
        List.of("concurrent_snapshot_execution_exception: a snapshot is already running"), null);
    w.cluster.failingCall = "startSnapshot";
    w.cluster.failures = 1;

    w.backup(List.of("ocrvs"), "2026-11-25");

    assertThat(w.cluster.calls.stream().filter(c -> c.startsWith("startSnapshot"))).hasSize(2);
  }

  @Test
  void aPartialSnapshotFailsAndIsDeleted() {
    w.cluster.endState = "PARTIAL";
    w.cluster.endFailures = List.of("ocrvs[0]: IOException[disk full]");

    assertThatThrownBy(() -> w.backup(List.of("ocrvs"), "2026-11-25"))
        .hasMessageContaining("it ended PARTIAL with 1 of 1 shards failed: ocrvs[0]: IOException[disk full];"
            + " the failed snapshot was deleted");
    assertThat(w.cluster.calls).contains("deleteSnapshot snapshot_2026-11-25");
  }

  @Test
  void aShardFailureFailsTheBackupEvenWhenTheStateSaysSuccess() {
    w.cluster.endFailures = List.of("ocrvs[1]: node left");

    assertThatThrownBy(() -> w.backup(List.of("ocrvs"), "2026-11-25"))
        .hasMessageContaining("it ended SUCCESS with 1 of 1 shards failed: ocrvs[1]: node left");
  }

  @Test
  void aSnapshotThatDoesNotEndInTimeIsAborted() {
    w.cluster.pollsUntilDone = 1000;

    assertThatThrownBy(() -> w.backup(List.of("ocrvs"), "2026-11-25"))
        .hasMessageContaining("not finished after PT10S (0 of 1 shards done); it was aborted");
    assertThat(w.cluster.snapshots).isEmpty();
  }

  @Test
  void neverReplacesASnapshotOfTheSameName() {
    w.cluster.add("snapshot_2026-11-25", List.of("ocrvs"));

    assertThatThrownBy(() -> w.backup(List.of(), "2026-11-25"))
        .hasMessageContaining("a snapshot of that name already exists").hasMessageContaining("OpenCRVS's own backup script");
    assertThat(w.cluster.calls).noneMatch(c -> c.startsWith("startSnapshot") || c.startsWith("deleteSnapshot"));
  }

  @Test
  void noMatchingIndexIsAnEmptySnapshotWithAWarning() throws Exception {
    EngineResult r = w.backup(List.of("nothing*"), "2026-11-25");

    assertThat(w.cluster.calls).contains("startSnapshot snapshot_2026-11-25 []");
    assertThat(r.facts().path("indices").size()).isZero();
    assertThat(r.warnings()).singleElement().asString().startsWith("no index matches [nothing*]");
  }

  @Test
  void countsThatChangeWhileTheSnapshotRunsAreRecordedAsARange() throws Exception {
    w.cluster.duringSnapshot = () -> w.cluster.indices.put("ocrvs", 125L);

    EngineResult r = w.backup(List.of("ocrvs"), "2026-11-25");

    assertThat(r.facts().path("indices").path("ocrvs").toString()).isEqualTo("{\"docs\":120,\"docsMax\":125}");
    assertThat(SnapshotFacts.from(r.facts()).orElseThrow().indices().get("ocrvs"))
        .isEqualTo(new SnapshotFacts.Docs(120, 125));
  }

  @Test
  void aSnapshotCrvsBackupCannotSeeInItsOwnFolderFailsAndIsDeleted() {
    w.cluster.folder = null;

    assertThatThrownBy(() -> w.backup(List.of("ocrvs"), "2026-11-25"))
        .hasMessageContaining("crvs-backup does not find it in its own " + w.layout.elasticRepository())
        .hasMessageContaining("Mount the same host folder");
    assertThat(w.cluster.snapshots).isEmpty();
  }

  @Test
  void aRepositoryOfThatNameElsewhereIsNotTouched() {
    w.cluster.repository = Optional.of(new Cluster.RepositoryInfo("ocrvs", "fs", Optional.of("/somewhere/else")));

    assertThatThrownBy(() -> w.backup(List.of(), "2026-11-25"))
        .hasMessageContaining("it is registered as a 'fs' repository at /somewhere/else")
        .hasMessageContaining("Unregister it (DELETE _snapshot/ocrvs; its files stay) or set ELASTICSEARCH_REPOSITORY");
    assertThat(w.cluster.calls).isEmpty();
  }

  @Test
  void anExistingRegistrationAtOurFolderIsVerifiedBeforeEachBackup() throws Exception {
    w.cluster.repository = Optional.of(new Cluster.RepositoryInfo("ocrvs", "fs",
        Optional.of(w.layout.elasticRepository() + "/")));

    w.backup(List.of("ocrvs"), "2026-11-25");

    assertThat(w.cluster.calls).contains("verifyRepository ocrvs").doesNotContain("createRepository ocrvs");
  }

  @Test
  void aRegistrationTheServerRefusedIsNotLeftBehind() {
    w.cluster.failOn = new ClusterException(500, "repository_verification_exception",
        List.of("repository_verification_exception: [ocrvs] path  is not accessible on master node",
            "file_system_exception: /x/tests-abc: Operation not permitted"), null);
    w.cluster.failingCall = "createRepository";

    assertThatThrownBy(() -> w.backup(List.of(), "2026-11-25"))
        .hasMessageContaining("Elasticsearch cannot write into the repository folder " + w.layout.elasticRepository());
    assertThat(w.cluster.repository).isEmpty();
  }
}
