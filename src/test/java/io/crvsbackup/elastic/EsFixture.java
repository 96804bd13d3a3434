package io.crvsbackup.elastic;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crvsbackup.config.Settings;
import io.crvsbackup.env.TestEnv;
import io.crvsbackup.job.BackupTarget;
import io.crvsbackup.job.Engine;
import io.crvsbackup.job.EngineException;
import io.crvsbackup.job.EngineResult;
import io.crvsbackup.job.RestoreSource;
import io.crvsbackup.store.BackupSet;
import io.crvsbackup.store.BackupStore;
import io.crvsbackup.store.Label;
import io.crvsbackup.store.Manifest;
import io.crvsbackup.store.SetStatus;
import io.crvsbackup.store.StoreException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * One integration test's world on one node: its own {@code BACKUP_DIR} under the test environment's
 * (so the 7 and 8 nodes never share a repository folder), its own repository name, its own indices, and
 * a close that unregisters the repository, deletes the indices and removes the folder.
 */
final class EsFixture implements AutoCloseable {
  static final Timeouts FAST =
      new Timeouts(Duration.ofMillis(200), Duration.ofSeconds(90), Duration.ofSeconds(120), Duration.ofSeconds(120));

  final EsNode node;
  final String id;
  final Path backupDir;
  final BackupStore store;
  final String repository;
  final RecordingListener listener = new RecordingListener();
  private final List<String> indices = new ArrayList<>();

  EsFixture(EsNode node) throws IOException, StoreException {
    this.node = node;
    this.id = "es" + node.major + "-" + UUID.randomUUID().toString().substring(0, 8);
    this.backupDir = Path.of(TestEnv.require("BACKUP_DIR")).resolve(id);
    Files.createDirectories(backupDir);
    this.store = BackupStore.open(backupDir, Clock.systemUTC(), true);
    this.repository = "it-" + id;
  }

  Settings.Elastic settings(List<String> selection) {
    return new Settings.Elastic(Optional.of(URI.create(node.url())), selection, repository, Optional.empty(),
        Optional.empty());
  }

  Engine engine(List<String> selection) {
    return engine(settings(selection));
  }

  Engine engine(Settings.Elastic settings) {
    Connection c = Connection.of(settings);
    return ElasticEngine.create(c, settings, store.layout(), c::open, Clock.systemUTC(), Poll.THREAD_SLEEP, FAST);
  }

  OpencrvsData data(long seed) {
    OpencrvsData d = new OpencrvsData(id, seed);
    indices.addAll(d.indices());
    return d;
  }

  /** An index name of this test, deleted at close. */
  String index(String suffix) {
    String name = id + "-" + suffix;
    indices.add(name);
    return name;
  }

  /** Backs up through the store as a run does: start marker, engine, manifest; returns the set as listed. */
  BackupSet backup(Engine engine, String label) throws EngineException, StoreException {
    Label l = new Label(label);
    Instant start = Instant.now();
    store.beginRun(l);
    EngineResult r = engine.backup(new BackupTarget(l, store.layout(), listener));
    ObjectNode facts = ((ObjectNode) r.facts()).deepCopy();
    r.warnings().forEach(facts.putArray("warnings")::add);
    store.finishRun(new Manifest(l, SetStatus.COMPLETE, start, Optional.of(Instant.now()), "it", r.artifacts(),
        Map.of(engine.name(), facts), List.of()));
    return set(label);
  }

  BackupSet set(String label) throws StoreException {
    return store.sets().stream().filter(s -> s.label().value().equals(label)).findFirst().orElseThrow();
  }

  EngineResult restore(Engine engine, BackupSet set) throws EngineException {
    return restore(engine, set, Map.of());
  }

  EngineResult restore(Engine engine, BackupSet set, Map<String, String> renames) throws EngineException {
    return engine.restore(new RestoreSource(set, store.layout(), renames, listener));
  }

  Path repositoryFolder() {
    return store.layout().elasticRepository();
  }

  @Override
  public void close() throws IOException {
    node.deleteIndices(indices);
    node.unregister(repository);
    deleteTree(backupDir);
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }
}
