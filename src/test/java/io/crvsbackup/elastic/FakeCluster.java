package io.crvsbackup.elastic;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An in-memory {@link Cluster} for the flows' unit tests: indices with counts, one repository, snapshots
 * that finish after a set number of progress polls, scripted running snapshots of others, and a log of
 * every call that changes something, so tests can prove what was (not) deleted.
 */
final class FakeCluster implements Cluster {
  String version = "8.17.1";
  Optional<RepositoryInfo> repository = Optional.empty();
  final Map<String, Long> indices = new TreeMap<>();
  final Map<String, String> aliases = new TreeMap<>();
  final Map<String, SnapshotDetails> snapshots = new LinkedHashMap<>();
  /** Answers of {@link #runningSnapshots()}, one per call; empty once used up. */
  final Deque<List<SnapshotRef>> running = new ArrayDeque<>();
  /** Progress polls a new snapshot stays running for. */
  int pollsUntilDone = 2;
  /** What a new snapshot ends as. */
  String endState = "SUCCESS";
  List<String> endFailures = List.of();
  /** Polls after which restored primaries become active; -1 never. */
  int pollsUntilRestored = 1;
  int versionId = 8521000;
  /** When set, finished snapshots are written here as Elasticsearch would list them (root index, snap file). */
  java.nio.file.Path folder;
  ClusterException failOn;
  String failingCall = "";
  /** How many times {@link #failingCall} fails before it succeeds. */
  int failures = Integer.MAX_VALUE;
  /** Runs at the first progress poll of a snapshot: writes that come in while it is taken. */
  Runnable duringSnapshot = () -> {};
  final List<String> calls = new ArrayList<>();
  private final Map<String, Integer> progressPolls = new LinkedHashMap<>();
  private final Map<String, Integer> restoring = new LinkedHashMap<>();
  private int uuids;

  private void maybeFail(String call) throws ClusterException {
    if (failOn != null && call.equals(failingCall) && failures-- > 0) {
      throw failOn;
    }
  }

  @Override
  public String address() {
    return "http://fake:9200";
  }

  @Override
  public String version() throws ClusterException {
    maybeFail("version");
    return version;
  }

  @Override
  public Optional<RepositoryInfo> repository(String name) throws ClusterException {
    maybeFail("repository");
    return repository.filter(r -> r.name().equals(name));
  }

  @Override
  public void createRepository(String name, String location) throws ClusterException {
    calls.add("createRepository " + name);
    // Like 7.17: a registration whose verification fails stays registered.
    repository = Optional.of(new RepositoryInfo(name, "fs", Optional.of(location)));
    maybeFail("createRepository");
  }

  @Override
  public void deleteRepository(String name) {
    calls.add("deleteRepository " + name);
    repository = Optional.empty();
  }

  @Override
  public void verifyRepository(String name) throws ClusterException {
    calls.add("verifyRepository " + name);
    maybeFail("verifyRepository");
  }

  @Override
  public Map<String, Integer> indices(List<String> expressions) {
    Map<String, Integer> out = new TreeMap<>();
    for (String e : expressions) {
      String regex = e.replace(".", "\\.").replace("*", ".*");
      indices.keySet().stream().filter(i -> i.matches(regex)).forEach(i -> out.put(i, 1));
      if (aliases.containsKey(e)) {
        out.put(aliases.get(e), 1);
      }
    }
    return out;
  }

  @Override
  public void refresh(List<String> names) {}

  @Override
  public long count(String index) throws ClusterException {
    maybeFail("count");
    return indices.getOrDefault(index, 0L);
  }

  @Override
  public List<SnapshotRef> runningSnapshots() {
    return running.isEmpty() ? List.of() : running.poll();
  }

  @Override
  public void startSnapshot(String repo, String snapshot, List<String> names) throws ClusterException {
    calls.add("startSnapshot " + snapshot + " " + names);
    maybeFail("startSnapshot");
    snapshots.put(snapshot, details(snapshot, "IN_PROGRESS", names, List.of()));
    progressPolls.put(snapshot, 0);
  }

  private SnapshotDetails details(String snapshot, String state, List<String> names, List<String> failures) {
    return new SnapshotDetails(snapshot, "uuid-" + snapshot + "-" + (++uuids), state, "8.17.1", versionId, names,
        names.size(), failures.size(), failures, 1_000, 2_000);
  }

  @Override
  public Optional<SnapshotProgress> progress(String repo, String snapshot) {
    SnapshotDetails d = snapshots.get(snapshot);
    if (d == null) {
      return Optional.empty();
    }
    int polls = progressPolls.merge(snapshot, 1, Integer::sum);
    if (polls == 1) {
      duringSnapshot.run();
    }
    if ("IN_PROGRESS".equals(d.state()) && polls > pollsUntilDone) {
      snapshots.put(snapshot, new SnapshotDetails(d.name(), d.uuid(), endState, d.version(), d.versionId(), d.indices(),
          d.shardsTotal(), endFailures.size(), endFailures, d.startMillis(), d.endMillis()));
      writeRepository();
    }
    String state = "IN_PROGRESS".equals(snapshots.get(snapshot).state()) ? "STARTED" : snapshots.get(snapshot).state();
    return Optional.of(new SnapshotProgress(state, 0, d.shardsTotal(), 10, 100, Map.of()));
  }

  @Override
  public Optional<SnapshotDetails> snapshot(String repo, String snapshot) throws ClusterException {
    maybeFail("snapshot");
    return Optional.ofNullable(snapshots.get(snapshot));
  }

  /** Adds a finished snapshot as if someone took it. */
  SnapshotDetails add(String snapshot, List<String> names) {
    SnapshotDetails d = details(snapshot, "SUCCESS", names, List.of());
    snapshots.put(snapshot, d);
    return d;
  }

  @Override
  public List<String> snapshotNames(String repo) {
    return List.copyOf(snapshots.keySet());
  }

  @Override
  public void deleteSnapshot(String repo, String snapshot) throws ClusterException {
    calls.add("deleteSnapshot " + snapshot);
    maybeFail("deleteSnapshot");
    snapshots.remove(snapshot);
  }

  @Override
  public void deleteIndices(List<String> names) {
    calls.add("deleteIndices " + names);
    names.forEach(indices::remove);
  }

  @Override
  public void startRestore(String repo, String snapshot, List<String> names, Optional<Rename> rename)
      throws ClusterException {
    calls.add("startRestore " + snapshot + " " + names + rename.map(r -> " " + r.pattern() + "->" + r.replacement()).orElse(""));
    maybeFail("startRestore");
    for (String n : names) {
      String target = rename.map(r -> n.replaceAll(r.pattern(), r.replacement())).orElse(n);
      restoring.put(target, 0);
      indices.put(target, restoredCount.getOrDefault(n, 0L));
    }
  }

  /** The count each index has once restored. */
  final Map<String, Long> restoredCount = new TreeMap<>();

  @Override
  public Map<String, PrimaryHealth> primaries(List<String> names) {
    Map<String, PrimaryHealth> out = new LinkedHashMap<>();
    for (String n : names) {
      if (restoring.containsKey(n)) {
        int polls = restoring.merge(n, 1, Integer::sum);
        boolean done = pollsUntilRestored >= 0 && polls > pollsUntilRestored;
        out.put(n, new PrimaryHealth(1, done ? 1 : 0, 0, done ? "green" : "yellow"));
      } else if (indices.containsKey(n)) {
        out.put(n, new PrimaryHealth(1, 1, 0, "green"));
      }
    }
    return out;
  }

  void writeRepository() {
    if (folder != null) {
      try {
        TestBlobs.repository(folder, snapshots.values());
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }

  @Override
  public void close() {}
}
