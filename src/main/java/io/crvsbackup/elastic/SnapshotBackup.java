package io.crvsbackup.elastic;

import static io.crvsbackup.elastic.SnapshotFacts.ENGINE;

import io.crvsbackup.job.EngineException;
import io.crvsbackup.job.EngineResult;
import io.crvsbackup.job.JobListener;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Takes {@code snapshot_<label>}: repository registered and writable, no snapshot of that name yet, the
 * configured indices resolved and counted, snapshots that others started waited for, ours started and
 * polled to its end, anything but SUCCESS with every shard refused (and the failed snapshot deleted),
 * counted again, and checked to be visible in crvs-backup's own {@code BACKUP_DIR/elasticsearch}.
 */
final class SnapshotBackup {
  static final Set<String> RUNNING = Set.of("INIT", "STARTED", "IN_PROGRESS", "ABORTED");
  private static final int START_ATTEMPTS = 3;
  private final Session s;
  private final List<String> configured;
  private final JobListener listener;

  SnapshotBackup(Session session, List<String> configured, JobListener listener) {
    this.s = session;
    this.configured = List.copyOf(configured);
    this.listener = listener;
  }

  EngineResult run(String name, Path folder) throws EngineException {
    Diagnosis d = s.diagnosis();
    String version = d.call("read the server version", s.cluster()::version);
    s.setup().ensure(true, listener);
    Optional<Cluster.SnapshotDetails> existing = d.call("look up " + s.describe(name),
        () -> s.cluster().snapshot(s.repository(), name));
    if (existing.isPresent()) {
      throw new EngineException("take " + s.describe(name) + " on Elasticsearch at " + s.cluster().address()
          + ": a snapshot of that name already exists (uuid " + existing.get().uuid() + ", taken by Elasticsearch "
          + existing.get().version() + "), perhaps by OpenCRVS's own backup script. crvs-backup never replaces a"
          + " snapshot: back up under another label, or delete that snapshot first");
    }
    List<String> expressions = IndexSelection.expressions(configured);
    Map<String, Integer> resolved = d.call("resolve the indices " + expressions, () -> s.cluster().indices(expressions));
    List<String> indices = IndexSelection.select(configured, resolved.keySet());
    List<String> warnings = new ArrayList<>();
    if (indices.isEmpty()) {
      warnings.add("no index matches " + expressions + " on " + s.cluster().address()
          + "; the snapshot is empty (a new installation has no search data yet)");
      listener.warning(ENGINE, warnings.get(0));
    }
    Map<String, Long> before = counts(indices);
    awaitOthers(name);
    start(name, indices);
    Cluster.SnapshotDetails done = awaitEnd(name);
    refuseUnless(done, indices);
    Map<String, Long> after = counts(indices);
    Map<String, SnapshotFacts.Docs> docs = new LinkedHashMap<>();
    for (String i : indices) {
      docs.put(i, SnapshotFacts.Docs.between(before.get(i), after.get(i)));
      listener.progress(ENGINE, i, docs.get(i).min(), 0, true);
      if (before.get(i).longValue() != after.get(i).longValue()) {
        listener.info(ENGINE, "index " + i + " changed while it was snapshotted: " + docs.get(i) + " documents");
      }
    }
    checkVisible(name, done.uuid(), folder);
    long[] bytes = sizes(name, warnings);
    SnapshotFacts facts = new SnapshotFacts(s.cluster().address(), version, s.repository(), s.location(), name,
        done.uuid(), done.state(), done.versionId(), expressions, docs, done.shardsTotal(), bytes[0], bytes[1],
        Instant.ofEpochMilli(done.startMillis()), Instant.ofEpochMilli(done.endMillis()));
    listener.info(ENGINE, s.describe(name) + ": " + indices.size() + " indices, " + facts.documents()
        + " documents, " + done.shardsTotal() + " shards");
    return new EngineResult(List.of(), facts.toJson(), warnings);
  }

  private Map<String, Long> counts(List<String> indices) throws EngineException {
    s.diagnosis().run("refresh the indices " + indices, () -> s.cluster().refresh(indices));
    Map<String, Long> counts = new LinkedHashMap<>();
    for (String i : indices) {
      counts.put(i, s.diagnosis().call("count the documents of index " + i, () -> s.cluster().count(i)));
    }
    return counts;
  }

  /** Waits, bounded, until no snapshot runs in any repository (SLM, another tool): we do not race them. */
  private void awaitOthers(String name) throws EngineException {
    var deadline = s.poll().deadline(s.timeouts().runningSnapshots());
    String last = "";
    while (true) {
      List<Cluster.SnapshotRef> running = s.diagnosis().call("list the running snapshots", s.cluster()::runningSnapshots);
      if (running.isEmpty()) {
        return;
      }
      String names = running.stream().map(r -> r.repository() + ":" + r.snapshot()).collect(Collectors.joining(", "));
      if (!names.equals(last)) {
        listener.info(ENGINE, "waiting for running snapshot(s) " + names + " to finish before taking " + name);
        last = names;
      }
      if (s.poll().expired(deadline)) {
        throw new EngineException("take " + s.describe(name) + " on Elasticsearch at " + s.cluster().address()
            + ": snapshot(s) " + names + " that another tool started (SLM, a script) still run after "
            + s.timeouts().runningSnapshots() + "; nothing was taken");
      }
      s.poll().pause("running snapshots " + names);
    }
  }

  private void start(String name, List<String> indices) throws EngineException {
    for (int attempt = 1; ; attempt++) {
      try {
        s.cluster().startSnapshot(s.repository(), name, indices);
        listener.info(ENGINE, "started " + s.describe(name) + " of " + (indices.isEmpty() ? "no index" : indices));
        return;
      } catch (ClusterException e) {
        if (!e.hasType("concurrent_snapshot_execution_exception") || attempt >= START_ATTEMPTS) {
          throw s.diagnosis().fail("start " + s.describe(name), e);
        }
        awaitOthers(name);
      }
    }
  }

  private Cluster.SnapshotDetails awaitEnd(String name) throws EngineException {
    var deadline = s.poll().deadline(s.timeouts().snapshot());
    Diagnosis d = s.diagnosis();
    while (true) {
      Optional<Cluster.SnapshotProgress> p = d.call("follow " + s.describe(name), () -> s.cluster().progress(s.repository(), name));
      if (p.isPresent() && RUNNING.contains(p.get().state())) {
        Cluster.SnapshotProgress now = p.get();
        listener.progress(ENGINE, name + " (" + now.shardsDone() + "/" + now.shardsTotal() + " shards)",
            now.shardsDone(), now.incrementalBytes(), false);
        if (s.poll().expired(deadline)) {
          abort(name, now);
        }
        s.poll().pause(s.describe(name));
        continue;
      }
      Optional<Cluster.SnapshotDetails> details = d.call("read " + s.describe(name), () -> s.cluster().snapshot(s.repository(), name));
      if (details.isEmpty()) {
        throw new EngineException("take " + s.describe(name) + " on Elasticsearch at " + s.cluster().address()
            + ": the snapshot disappeared while it was being taken (deleted by someone else?)");
      }
      if (!RUNNING.contains(details.get().state())) {
        return details.get();
      }
      s.poll().pause(s.describe(name));
    }
  }

  private void abort(String name, Cluster.SnapshotProgress now) throws EngineException {
    EngineException e = new EngineException("take " + s.describe(name) + " on Elasticsearch at " + s.cluster().address()
        + ": not finished after " + s.timeouts().snapshot() + " (" + now.shardsDone() + " of " + now.shardsTotal()
        + " shards done); it was aborted");
    deleteOurs(name, e);
    throw e;
  }

  private void refuseUnless(Cluster.SnapshotDetails done, List<String> indices) throws EngineException {
    String problem = null;
    if (!"SUCCESS".equals(done.state()) || done.shardsFailed() > 0 || !done.failures().isEmpty()) {
      problem = "it ended " + done.state() + " with " + done.shardsFailed() + " of " + done.shardsTotal()
          + " shards failed" + (done.failures().isEmpty() ? "" : ": " + String.join("; ", done.failures()));
    } else if (!new TreeSet<>(done.indices()).equals(new TreeSet<>(indices))) {
      problem = "it holds the indices " + new TreeSet<>(done.indices()) + ", not the ones asked for " + indices;
    }
    if (problem != null) {
      EngineException e = new EngineException("take " + s.describe(done.name()) + " on Elasticsearch at "
          + s.cluster().address() + ": " + problem + "; the failed snapshot was deleted");
      deleteOurs(done.name(), e);
      throw e;
    }
  }

  /** The server wrote the snapshot into its folder; crvs-backup must see it in its own, or the mounts differ. */
  private void checkVisible(String name, String uuid, Path folder) throws EngineException {
    List<String> problems = new SnapshotCheck(folder, JobListener.NONE).quick(name, uuid);
    if (!problems.isEmpty()) {
      EngineException e = new EngineException("check " + s.describe(name) + " in " + folder + ": Elasticsearch at "
          + s.cluster().address() + " took it into its folder " + s.location() + ", but crvs-backup does not find it in"
          + " its own " + folder + " (" + String.join("; ", problems) + "). Mount the same host folder at "
          + s.location() + " in both the elasticsearch and the backup service; the snapshot was deleted");
      deleteOurs(name, e);
      throw e;
    }
  }

  /** Total and incremental size, as the snapshot status reports them; zeros and a warning if it cannot. */
  private long[] sizes(String name, List<String> warnings) {
    try {
      return s.cluster().progress(s.repository(), name)
          .map(p -> new long[] {p.totalBytes(), p.incrementalBytes()}).orElse(new long[] {0, 0});
    } catch (ClusterException e) {
      warnings.add("could not read the size of " + s.describe(name) + ": " + e.detail());
      return new long[] {0, 0};
    }
  }

  private void deleteOurs(String name, EngineException failure) {
    try {
      s.cluster().deleteSnapshot(s.repository(), name);
    } catch (ClusterException e) {
      failure.addSuppressed(s.diagnosis().fail("delete the failed " + s.describe(name), e));
    }
  }
}
