package io.crvsbackup.elastic;

import static org.assertj.core.api.Assertions.assertThat;

import io.crvsbackup.job.JobListener;
import io.crvsbackup.store.BackupSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retention ({@code forget}) and the offline check's entry point, against a fake cluster. */
class SnapshotEngineTest {
  @TempDir Path dir;
  FakeWorld w;

  @BeforeEach
  void world() {
    w = new FakeWorld(dir);
    w.cluster.add("snapshot_2026-11-25", List.of("ocrvs"));
    w.cluster.add("snapshot_2026-11-24", List.of("ocrvs"));
    w.cluster.writeRepository();
  }

  @Test
  void forgetDeletesTheSnapshotItsManifestRecords() throws Exception {
    BackupSet set = FakeWorld.ours("2026-11-25", Optional.of(w.facts("snapshot_2026-11-25", Map.of("ocrvs", 1L))));

    w.engine(List.of()).forget(set, w.listener);

    assertThat(w.cluster.snapshots).containsOnlyKeys("snapshot_2026-11-24");
    assertThat(w.listener.lines).contains("info: deleted snapshot 'snapshot_2026-11-25' in repository 'ocrvs'");
  }

  @Test
  void forgetLeavesASnapshotNoManifestOfOursRecords() throws Exception {
    w.engine(List.of()).forget(FakeWorld.imported("2026-11-25"), w.listener);
    w.engine(List.of()).forget(FakeWorld.ours("2026-11-25", Optional.empty()), w.listener);
    w.engine(List.of()).forget(FakeWorld.ours("2026-11-25",
        Optional.of(EsNode.JSON.createObjectNode().put("ok", false).put("error", "boom"))), w.listener);

    assertThat(w.cluster.snapshots).containsOnlyKeys("snapshot_2026-11-25", "snapshot_2026-11-24");
    assertThat(w.cluster.calls).isEmpty();
  }

  @Test
  void forgetLeavesASnapshotOfTheSameNameThatIsNotTheOneItTook() throws Exception {
    BackupSet set = FakeWorld.ours("2026-11-25", Optional.of(w.facts("snapshot_2026-11-25", Map.of("ocrvs", 1L))));
    w.cluster.snapshots.remove("snapshot_2026-11-25");
    w.cluster.add("snapshot_2026-11-25", List.of("ocrvs"));

    w.engine(List.of()).forget(set, w.listener);

    assertThat(w.cluster.snapshots).containsKey("snapshot_2026-11-25");
    assertThat(w.listener.starting("warning:")).singleElement().asString().contains("crvs-backup did not make it");
  }

  @Test
  void forgetOfASnapshotAlreadyGoneSucceeds() throws Exception {
    BackupSet set = FakeWorld.ours("2026-11-25", Optional.of(w.facts("snapshot_2026-11-25", Map.of("ocrvs", 1L))));
    w.cluster.snapshots.remove("snapshot_2026-11-25");

    w.engine(List.of()).forget(set, w.listener);

    assertThat(w.listener.lines).anyMatch(l -> l.endsWith("is already gone"));
  }

  @Test
  void verifyOfflineHasNothingToSayAboutASetWithoutAnElasticsearchPart() {
    assertThat(w.engine(List.of()).verifyOffline(FakeWorld.ours("2026-11-23", Optional.empty()), JobListener.NONE))
        .isEmpty();
  }

  @Test
  void verifyOfflineReportsAMissingRepository() throws Exception {
    BackupSet set = FakeWorld.ours("2026-11-25", Optional.of(w.facts("snapshot_2026-11-25", Map.of("ocrvs", 1L))));
    EsFixture.deleteTree(w.layout.elasticRepository());

    assertThat(w.engine(List.of()).verifyOffline(set, JobListener.NONE)).containsExactly(
        "missing: elasticsearch holds no Elasticsearch repository (no index-N), so not snapshot_2026-11-25");
  }

  @Test
  void verifyOfflineReportsAnImportedSetWhoseSnapshotIsGone() throws Exception {
    Files.delete(w.layout.elasticRepository().resolve("index-0"));
    Files.delete(w.layout.elasticRepository().resolve("index.latest"));
    w.cluster.snapshots.remove("snapshot_2026-11-25");
    w.cluster.writeRepository();

    assertThat(w.engine(List.of()).verifyOffline(FakeWorld.imported("2026-11-25"), JobListener.NONE))
        .containsExactly("missing: snapshot snapshot_2026-11-25 is not in elasticsearch/index-0 (it holds"
            + " [snapshot_2026-11-24])");
  }
}
