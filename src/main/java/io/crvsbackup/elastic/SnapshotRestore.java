package io.crvsbackup.elastic;

import static io.crvsbackup.elastic.SnapshotFacts.ENGINE;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crvsbackup.job.EngineException;
import io.crvsbackup.job.EngineResult;
import io.crvsbackup.job.JobListener;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Restores a set's snapshot. Everything is checked before any index is deleted: the repository, that it
 * holds the snapshot (with the uuid the manifest recorded), that this server can read what a possibly
 * newer version wrote, that the snapshot has every index the manifest lists, and that no name to replace
 * is an alias of other live indices. Then exactly the snapshot's indices are deleted (for a drill: none),
 * restored without global state, waited for until every restored primary is active, and counted against
 * the manifest.
 */
final class SnapshotRestore {
  /** Polls without any initializing shard after which a restore that is not done counts as failed. */
  static final int STUCK_POLLS = 15;
  private final Session s;
  private final JobListener listener;

  SnapshotRestore(Session session, JobListener listener) {
    this.s = session;
    this.listener = listener;
  }

  EngineResult run(String name, Optional<SnapshotFacts> facts, Path folder, Map<String, String> renames)
      throws EngineException {
    List<String> warnings = new ArrayList<>();
    Prepared p;
    try {
      p = prepare(name, facts, folder, renames, warnings);
    } catch (EngineException e) {
      throw new EngineException(e.getMessage() + "; no index was deleted or restored", e.getCause());
    }
    Diagnosis d = s.diagnosis();
    if (!p.replaced().isEmpty()) {
      d.run("delete the indices " + p.replaced() + " before restoring " + s.describe(name),
          () -> s.cluster().deleteIndices(p.replaced()));
      listener.info(ENGINE, "deleted the live indices " + p.replaced());
    }
    for (Renames.Group g : p.plan().groups()) {
      if (!g.targets().isEmpty()) {
        d.run("restore " + g.sources() + " from " + s.describe(name) + lost(p.replaced()),
            () -> s.cluster().startRestore(s.repository(), name, g.sources(), g.rename()));
      }
    }
    List<String> targets = List.copyOf(p.plan().targets().values());
    awaitPrimaries(name, targets, p.replaced());
    ObjectNode result = compare(name, p.plan().targets(), facts, warnings);
    result.put("snapshot", name).put("uuid", p.snapshot().uuid());
    listener.info(ENGINE, "restored " + targets.size() + " indices from " + s.describe(name));
    return new EngineResult(List.of(), result, warnings);
  }

  /** What the checks found: the snapshot, the restore calls and the live indices they replace. */
  private record Prepared(Cluster.SnapshotDetails snapshot, Renames.Plan plan, List<String> replaced) {}

  private Prepared prepare(String name, Optional<SnapshotFacts> facts, Path folder, Map<String, String> renames,
      List<String> warnings) throws EngineException {
    Diagnosis d = s.diagnosis();
    String version = d.call("read the server version", s.cluster()::version);
    checkRepositoryVersion(name, version, folder, warnings);
    s.setup().ensure(false, listener);
    Cluster.SnapshotDetails snap = find(name, facts);
    if (snap.major() > s.major(version)) {
      throw refuse(name, "it was written by Elasticsearch " + snap.major() + ".x (version id " + snap.versionId()
          + "), and this server is " + version + ": Elasticsearch cannot restore onto an older major version."
          + " Restore it onto Elasticsearch " + snap.major() + ".x or newer");
    }
    if (!"SUCCESS".equals(snap.state())) {
      throw refuse(name, "it ended " + snap.state() + ", not SUCCESS");
    }
    List<String> wanted = facts.map(f -> List.copyOf(new TreeSet<>(f.indices().keySet())))
        .orElseGet(() -> IndexSelection.withoutSystem(snap.indices()));
    List<String> absent = wanted.stream().filter(i -> !snap.indices().contains(i)).toList();
    if (!absent.isEmpty()) {
      throw refuse(name, "it lacks the indices " + absent + " that the manifest lists");
    }
    Renames.Plan plan = Renames.plan(renames, wanted);
    List<String> targets = List.copyOf(plan.targets().values());
    if (!renames.isEmpty() && targets.isEmpty() && !wanted.isEmpty()) {
      warnings.add("restore drill: no index of " + wanted + " matches the renames " + renames.keySet()
          + "; Elasticsearch was not touched");
    } else {
      plan.skipped().forEach(i -> warnings.add("restore drill: index " + i + " matches no rename; not restored"));
    }
    Map<String, Integer> live = targets.isEmpty() ? Map.of()
        : d.call("look up the live indices " + targets, () -> s.cluster().indices(targets));
    return new Prepared(snap, plan, checkTargets(name, plan, live));
  }

  private Cluster.SnapshotDetails find(String name, Optional<SnapshotFacts> facts) throws EngineException {
    Optional<Cluster.SnapshotDetails> found = s.diagnosis().call("look up " + s.describe(name),
        () -> s.cluster().snapshot(s.repository(), name));
    if (found.isEmpty()) {
      List<String> names = s.diagnosis().call("list the snapshots of repository '" + s.repository() + "'",
          () -> s.cluster().snapshotNames(s.repository()));
      throw refuse(name, "the repository at " + s.location() + " does not hold it (it holds "
          + (names.isEmpty() ? "no snapshot" : new TreeSet<>(names)) + ")");
    }
    if (facts.isPresent() && !facts.get().uuid().equals(found.get().uuid())) {
      throw refuse(name, "the repository's snapshot of that name has uuid " + found.get().uuid()
          + ", the manifest recorded " + facts.get().uuid() + ": it was replaced (by OpenCRVS's own script?)");
    }
    return found.get();
  }

  /** A repository that a newer major version wrote to may declare a {@code min_version} this server lacks. */
  private void checkRepositoryVersion(String name, String version, Path folder, List<String> warnings)
      throws EngineException {
    try {
      Optional<RepositoryData> data = RepositoryData.read(folder);
      if (data.isPresent() && data.get().minMajor() > s.major(version)) {
        throw refuse(name, "the repository " + data.get().file() + " was written by a newer Elasticsearch (it needs"
            + " at least " + data.get().minVersion().orElse("?") + "), and this server is " + version
            + ". Restore onto Elasticsearch " + data.get().minMajor() + ".x or newer");
      }
    } catch (IOException e) {
      warnings.add("could not read the repository index in " + folder + " to check its version: " + e.getMessage());
    }
  }

  /** Which live indices the restore replaces; refuses aliases and, for drills, existing targets. */
  private List<String> checkTargets(String name, Renames.Plan plan, Map<String, Integer> live) throws EngineException {
    List<String> targets = List.copyOf(plan.targets().values());
    List<String> existing = targets.stream().filter(live::containsKey).toList();
    if (plan.drill()) {
      if (!existing.isEmpty()) {
        throw refuse(name, "restore drill: the target indices " + existing + " already exist; delete them or choose"
            + " another replacement");
      }
      return List.of();
    }
    List<String> others = live.keySet().stream().filter(i -> !targets.contains(i)).sorted().toList();
    if (!others.isEmpty()) {
      throw refuse(name, "some of " + targets + " are aliases here, of the live indices " + others
          + ", which are not in the snapshot; crvs-backup does not delete them. Remove those aliases first");
    }
    return existing;
  }

  private void awaitPrimaries(String name, List<String> targets, List<String> replaced) throws EngineException {
    var deadline = s.poll().deadline(s.timeouts().restore());
    int idle = 0;
    List<String> done = new ArrayList<>();
    while (true) {
      Map<String, Cluster.PrimaryHealth> health = s.diagnosis().call("follow the restore of " + targets + lost(replaced),
          () -> s.cluster().primaries(targets));
      List<String> waiting = new ArrayList<>();
      int initializing = 0;
      for (String t : targets) {
        Cluster.PrimaryHealth h = health.get(t);
        if (h != null && h.ready()) {
          if (!done.contains(t)) {
            done.add(t);
            listener.progress(ENGINE, t, h.active(), 0, true);
          }
        } else {
          waiting.add(t + (h == null ? " (not created yet)" : " (" + h.active() + "/" + h.shards() + " primaries)"));
          initializing += h == null ? 0 : h.initializing();
        }
      }
      if (waiting.isEmpty()) {
        return;
      }
      idle = initializing > 0 ? 0 : idle + 1;
      if (idle >= STUCK_POLLS || s.poll().expired(deadline)) {
        throw refuse(name, "the restore did not complete: " + waiting + (idle >= STUCK_POLLS
            ? " are not recovering (see GET _cluster/allocation/explain)" : " after " + s.timeouts().restore())
            + lost(replaced));
      }
      s.poll().pause("the restore of " + waiting);
    }
  }

  private ObjectNode compare(String name, Map<String, String> targets, Optional<SnapshotFacts> facts,
      List<String> warnings) throws EngineException {
    s.diagnosis().run("refresh the restored indices", () -> s.cluster().refresh(List.copyOf(targets.values())));
    ObjectNode result = JsonNodeFactory.instance.objectNode();
    ObjectNode indices = result.putObject("indices");
    List<String> mismatches = new ArrayList<>();
    long total = 0;
    for (Map.Entry<String, String> e : targets.entrySet()) {
      long n = s.diagnosis().call("count the documents of index " + e.getValue(), () -> s.cluster().count(e.getValue()));
      total += n;
      ObjectNode i = indices.putObject(e.getValue()).put("docs", n);
      if (!e.getKey().equals(e.getValue())) {
        i.put("from", e.getKey());
      }
      facts.map(f -> f.indices().get(e.getKey())).filter(docs -> !docs.accepts(n)).ifPresent(docs ->
          mismatches.add(e.getValue() + " has " + n + " documents, the manifest recorded " + docs));
    }
    result.put("documents", total);
    if (facts.isEmpty()) {
      warnings.add("the set records no document counts (it was not made by crvs-backup), so none were compared");
    }
    if (!mismatches.isEmpty()) {
      throw refuse(name, "the indices were restored, but " + String.join("; ", mismatches));
    }
    return result;
  }

  private EngineException refuse(String name, String why) {
    return new EngineException("restore " + s.describe(name) + " on Elasticsearch at " + s.cluster().address()
        + ": " + why);
  }

  private static String lost(List<String> replaced) {
    return replaced.isEmpty() ? "" : " (the live indices " + replaced + " were deleted before)";
  }
}
