package io.crvsbackup.elastic;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Elasticsearch calls the engine makes, one method per call, so that the flows (backup, restore,
 * forget) can be tested against a fake and the real client lives in one place ({@link ClientCluster}).
 * Every method throws {@link ClusterException} with the server's status, error type and reasons; the
 * flows turn those into messages that name the operation ({@link Diagnosis}).
 */
interface Cluster extends AutoCloseable {

  /** The server's address as shown to operators: never with credentials. */
  String address();

  /** The version of the node answering, e.g. {@code 8.17.1}. */
  String version() throws ClusterException;

  /** The repository registered under {@code name}, or empty when there is none. */
  Optional<RepositoryInfo> repository(String name) throws ClusterException;

  /** Registers an {@code fs} repository with {@code compress: true}; the server verifies it can write there. */
  void createRepository(String name, String location) throws ClusterException;

  /** Unregisters a repository (its files stay). */
  void deleteRepository(String name) throws ClusterException;

  /** Asks every node to write and read a test file in the repository. */
  void verifyRepository(String name) throws ClusterException;

  /**
   * The concrete open indices that {@code expressions} (names, patterns, {@code -exclusions}) select, with
   * their number of primary shards; missing names and patterns that match nothing are not an error. The
   * keys are concrete names: an alias in {@code expressions} shows up as the indices it points to.
   */
  Map<String, Integer> indices(List<String> expressions) throws ClusterException;

  /** Makes every indexed document visible to search and count. */
  void refresh(List<String> indices) throws ClusterException;

  /** The number of (top-level) documents in one index. */
  long count(String index) throws ClusterException;

  /** Snapshots that are running now in any repository. */
  List<SnapshotRef> runningSnapshots() throws ClusterException;

  /** Starts a snapshot of exactly these indices without global state, and returns at once. */
  void startSnapshot(String repository, String snapshot, List<String> indices) throws ClusterException;

  /** Progress of a snapshot that is running, or empty when it is not running (any more). */
  Optional<SnapshotProgress> progress(String repository, String snapshot) throws ClusterException;

  /** A snapshot as the repository records it, or empty when the repository has no such snapshot. */
  Optional<SnapshotDetails> snapshot(String repository, String snapshot) throws ClusterException;

  /** The names of every snapshot in the repository. */
  List<String> snapshotNames(String repository) throws ClusterException;

  /** Deletes a snapshot (the server removes the files only it used). */
  void deleteSnapshot(String repository, String snapshot) throws ClusterException;

  /** Deletes these concrete indices; names that do not exist are ignored. */
  void deleteIndices(List<String> indices) throws ClusterException;

  /**
   * Starts restoring {@code indices} of a snapshot without global state and returns at once. With a
   * rename, the restored indices get {@code name.replaceAll(pattern, replacement)} and no aliases.
   */
  void startRestore(String repository, String snapshot, List<String> indices, Optional<Rename> rename)
      throws ClusterException;

  /** Per index: how many primaries it has and how many are active; an index that does not exist is absent. */
  Map<String, PrimaryHealth> primaries(List<String> indices) throws ClusterException;

  @Override
  void close();

  /** A registered repository: its type and, for {@code fs}, its location as the server was given it. */
  record RepositoryInfo(String name, String type, Optional<String> location) {}

  /** A snapshot by repository and name. */
  record SnapshotRef(String repository, String snapshot, String state) {}

  /** A running snapshot's shards and bytes. */
  record SnapshotProgress(
      String state, long shardsDone, long shardsTotal, long incrementalBytes, long totalBytes,
      Map<String, Long> doneShardsByIndex) {}

  /**
   * A snapshot as the repository records it.
   *
   * @param versionId the id of the version that wrote it: {@code 7172999} for 7.17.29; on 8.x an index
   *     version such as {@code 8521000}; in both the major version is {@code versionId / 1_000_000}
   */
  record SnapshotDetails(
      String name,
      String uuid,
      String state,
      String version,
      long versionId,
      List<String> indices,
      int shardsTotal,
      int shardsFailed,
      List<String> failures,
      long startMillis,
      long endMillis) {

    int major() {
      return (int) (versionId / 1_000_000);
    }
  }

  /** A rename for restore drills, with Elasticsearch's {@code rename_pattern}/{@code rename_replacement}. */
  record Rename(String pattern, String replacement) {}

  /**
   * An index's primaries: how many it has, how many are active (restored and started), and how many
   * shards (of any kind) are initializing. A primary being restored counts as initializing, not active,
   * although the index's status is already yellow then.
   */
  record PrimaryHealth(int shards, int active, int initializing, String status) {
    boolean ready() {
      return active >= shards && !"red".equals(status);
    }
  }
}
