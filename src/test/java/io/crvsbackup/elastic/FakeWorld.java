package io.crvsbackup.elastic;

import com.fasterxml.jackson.databind.JsonNode;
import io.crvsbackup.config.Settings;
import io.crvsbackup.job.BackupTarget;
import io.crvsbackup.job.Engine;
import io.crvsbackup.job.EngineException;
import io.crvsbackup.job.EngineResult;
import io.crvsbackup.job.RestoreSource;
import io.crvsbackup.store.BackupSet;
import io.crvsbackup.store.Label;
import io.crvsbackup.store.Layout;
import io.crvsbackup.store.Manifest;
import io.crvsbackup.store.SetStatus;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/** The engine wired to a {@link FakeCluster}, a clock that only moves when the engine sleeps, and a temp BACKUP_DIR. */
final class FakeWorld {
  final FakeCluster cluster = new FakeCluster();
  final MutableClock clock = new MutableClock();
  final RecordingListener listener = new RecordingListener();
  final Layout layout;
  Timeouts timeouts = new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(10),
      Duration.ofSeconds(10));

  FakeWorld(Path root) {
    this.layout = new Layout(root);
    cluster.folder = layout.elasticRepository();
  }

  Engine engine(List<String> indices) {
    Settings.Elastic settings = new Settings.Elastic(Optional.of(URI.create("http://fake:9200")), indices, "ocrvs",
        Optional.empty(), Optional.empty());
    return ElasticEngine.create(Connection.of(settings), settings, layout, () -> cluster, clock,
        d -> clock.advance(d), timeouts);
  }

  EngineResult backup(List<String> indices, String label) throws EngineException {
    return engine(indices).backup(new BackupTarget(new Label(label), layout, listener));
  }

  EngineResult restore(BackupSet set, Map<String, String> renames) throws EngineException {
    return engine(List.of()).restore(new RestoreSource(set, layout, renames, listener));
  }

  /** A set of ours whose manifest records these Elasticsearch facts (or none, or no Elasticsearch entry). */
  static BackupSet ours(String label, Optional<JsonNode> facts) {
    Label l = new Label(label);
    Map<String, JsonNode> engines = facts.map(f -> Map.of("elasticsearch", f)).orElse(Map.of());
    Manifest m = new Manifest(l, SetStatus.COMPLETE, Instant.EPOCH, Optional.of(Instant.EPOCH), "test", List.of(),
        engines, List.of());
    return new BackupSet(l, SetStatus.COMPLETE, Instant.EPOCH, LocalDate.of(2026, 11, 25), Optional.of(m), List.of(),
        new TreeSet<>(engines.keySet()), Optional.of("snapshot_" + label), Optional.empty(), Optional.empty());
  }

  /** A set OpenCRVS's own scripts left: no manifest, only the snapshot. */
  static BackupSet imported(String label) {
    return new BackupSet(new Label(label), SetStatus.IMPORTED, Instant.EPOCH, LocalDate.of(2026, 11, 25),
        Optional.empty(), List.of(), new TreeSet<>(List.of("elasticsearch")), Optional.of("snapshot_" + label),
        Optional.empty(), Optional.empty());
  }

  /** Facts as a backup of these indices and counts would record them, for a snapshot the cluster holds. */
  JsonNode facts(String snapshot, Map<String, Long> counts) {
    Cluster.SnapshotDetails d = cluster.snapshots.get(snapshot);
    Map<String, SnapshotFacts.Docs> docs = new java.util.LinkedHashMap<>();
    counts.forEach((k, v) -> docs.put(k, SnapshotFacts.Docs.exact(v)));
    return new SnapshotFacts("http://fake:9200", "8.17.1", "ocrvs", layout.elasticRepository().toString(), snapshot,
        d.uuid(), "SUCCESS", d.versionId(), List.of("*"), docs, 1, 10, 10, Instant.EPOCH, Instant.EPOCH).toJson();
  }

  /** A clock that moves only when told. */
  static final class MutableClock extends Clock {
    private Instant now = Instant.parse("2026-11-25T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
