package io.crvsbackup.elastic;

import static io.crvsbackup.elastic.SnapshotFacts.ENGINE;

import io.crvsbackup.job.BackupTarget;
import io.crvsbackup.job.Engine;
import io.crvsbackup.job.EngineException;
import io.crvsbackup.job.EngineResult;
import io.crvsbackup.job.JobListener;
import io.crvsbackup.job.RestoreSource;
import io.crvsbackup.store.BackupSet;
import io.crvsbackup.store.Layout;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The Elasticsearch engine: each set's part is the snapshot {@code snapshot_<label>} in the shared fs
 * repository at {@code BACKUP_DIR/elasticsearch}. It lists no artifacts: the repository's files are shared
 * by every snapshot and change as snapshots come and go, so the manifest records facts instead (snapshot,
 * uuid, indices with document counts, versions, sizes) and {@link #verifyOffline} checks the snapshot's
 * files by their own checksums.
 */
final class SnapshotEngine implements Engine {
  private final Connection connection;
  private final List<String> indices;
  private final String repository;
  private final Layout layout;
  private final Supplier<Cluster> opener;
  private final Clock clock;
  private final Poll.Sleeper sleeper;
  private final Timeouts timeouts;

  SnapshotEngine(Connection connection, List<String> indices, String repository, Layout layout,
      Supplier<Cluster> opener, Clock clock, Poll.Sleeper sleeper, Timeouts timeouts) {
    this.connection = connection;
    this.indices = List.copyOf(indices);
    this.repository = repository;
    this.layout = layout;
    this.opener = opener;
    this.clock = clock;
    this.sleeper = sleeper;
    this.timeouts = timeouts;
  }

  @Override
  public String name() {
    return ENGINE;
  }

  @Override
  public EngineResult backup(BackupTarget target) throws EngineException {
    String snapshot = Layout.snapshotName(target.label());
    Path folder = target.layout().elasticRepository();
    target.listener().engineStarted(ENGINE, connection.address() + ", " + snapshot + " in repository '" + repository + "'");
    try (Cluster cluster = opener.get()) {
      return new SnapshotBackup(session(cluster, folder), indices, target.listener()).run(snapshot, folder);
    }
  }

  /**
   * Without a server: the set's snapshot is in the repository with the uuid and indices the manifest
   * recorded, and its files are whole. A set without an Elasticsearch part, or whose part failed (the set
   * is then incomplete, which the store reports), has nothing to check here.
   */
  @Override
  public List<String> verifyOffline(BackupSet set, JobListener listener) {
    Optional<SnapshotFacts> facts = SnapshotFacts.of(set);
    if (facts.isEmpty() && (set.manifest().isPresent() || set.snapshot().isEmpty())) {
      return List.of();
    }
    String snapshot = facts.map(SnapshotFacts::snapshot).orElse(Layout.snapshotName(set.label()));
    return new SnapshotCheck(layout.elasticRepository(), listener).check(snapshot, facts);
  }

  /**
   * Restores the set's snapshot. {@code renames} holds {@code rename_pattern -> rename_replacement} pairs
   * for drills (see {@link Renames}); a drill deletes nothing and restores only what a pattern matches.
   */
  @Override
  public EngineResult restore(RestoreSource source) throws EngineException {
    BackupSet set = source.set();
    Optional<SnapshotFacts> facts = SnapshotFacts.of(set);
    if (facts.isEmpty() && set.manifest().isPresent()) {
      if (SnapshotFacts.mentioned(set)) {
        throw new EngineException("restore the Elasticsearch part of set " + set.label()
            + ": its backup failed, so the set has no snapshot to restore; Elasticsearch was left as it is");
      }
      String w = "set " + set.label() + " has no Elasticsearch part; Elasticsearch was left as it is";
      source.listener().warning(ENGINE, w);
      return new EngineResult(List.of(), com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode(), List.of(w));
    }
    String snapshot = facts.map(SnapshotFacts::snapshot).orElse(Layout.snapshotName(set.label()));
    Path folder = source.layout().elasticRepository();
    source.listener().engineStarted(ENGINE, connection.address() + ", " + snapshot + " from repository '" + repository + "'");
    try (Cluster cluster = opener.get()) {
      return new SnapshotRestore(session(cluster, folder), source.listener())
          .run(snapshot, facts, folder, source.renames());
    }
  }

  /**
   * Deletes the set's snapshot when crvs-backup made it: the set has our manifest with Elasticsearch facts,
   * and the repository's snapshot of that name still has the recorded uuid. Anything else stays.
   */
  @Override
  public void forget(BackupSet set, JobListener listener) throws EngineException {
    Optional<SnapshotFacts> facts = SnapshotFacts.of(set);
    if (facts.isEmpty()) {
      set.snapshot().ifPresent(s -> listener.info(ENGINE, "left " + s + " in the repository: no manifest of"
          + " crvs-backup records it, so crvs-backup did not make it"));
      return;
    }
    String snapshot = facts.get().snapshot();
    try (Cluster cluster = opener.get()) {
      Session s = session(cluster, layout.elasticRepository());
      s.setup().ensure(false, listener);
      Optional<Cluster.SnapshotDetails> found = s.diagnosis().call("look up " + s.describe(snapshot),
          () -> cluster.snapshot(repository, snapshot));
      if (found.isEmpty()) {
        listener.info(ENGINE, s.describe(snapshot) + " is already gone");
      } else if (!found.get().uuid().equals(facts.get().uuid())) {
        listener.warning(ENGINE, "left " + s.describe(snapshot) + " alone: its uuid is " + found.get().uuid()
            + ", not the " + facts.get().uuid() + " that set " + set.label() + " recorded, so crvs-backup did not make it");
      } else {
        s.diagnosis().run("delete " + s.describe(snapshot) + " of pruned set " + set.label(),
            () -> cluster.deleteSnapshot(repository, snapshot));
        listener.info(ENGINE, "deleted " + s.describe(snapshot));
      }
    }
  }

  private Session session(Cluster cluster, Path folder) {
    String location = folder.toString();
    return new Session(cluster, new Diagnosis(cluster.address(), connection.user(), location), repository, location,
        new Poll(clock, sleeper, timeouts.poll()), timeouts);
  }
}
