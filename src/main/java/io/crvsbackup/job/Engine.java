package io.crvsbackup.job;

import io.crvsbackup.store.BackupSet;
import java.util.List;

/**
 * One database engine (MongoDB, Elasticsearch, InfluxDB) as the backup and restore flows see it.
 * Implementations live in their own packages and never import each other; they share one contract
 * test.
 */
public interface Engine {
  /** The engine's name as manifests record it: {@code mongo}, {@code elasticsearch}, {@code influxdb}. */
  String name();

  /**
   * Backs up everything this engine is configured for into the set being written. Every file goes
   * through {@link io.crvsbackup.store.AtomicFiles} under the set's layout paths.
   *
   * @return what was written and the facts to record in the manifest
   * @throws EngineException when the engine's part failed; files it had written are removed or left
   *     only under {@code .partial} names
   */
  EngineResult backup(BackupTarget target) throws EngineException;

  /**
   * Checks this engine's part of a set without any server: formats, framing, internal checksums.
   *
   * @return one line per problem, naming the file; empty when the part is good or absent
   */
  List<String> verifyOffline(BackupSet set, JobListener listener);

  /**
   * Replaces the live data with this engine's part of a set. Implementations check their whole input
   * before anything is dropped.
   *
   * @return what was restored, with counts to compare against the manifest
   * @throws EngineException when the restore failed; the message says what state the data is in
   */
  EngineResult restore(RestoreSource source) throws EngineException;

  /**
   * Called when retention deletes a set, before its files go: the engine removes what it keeps outside
   * the set's files (an Elasticsearch snapshot). It must never remove anything crvs-backup did not make
   * (an imported set's snapshot stays).
   *
   * @throws EngineException when it could not; the set's files are then kept and pruning is retried later
   */
  default void forget(BackupSet set, JobListener listener) throws EngineException {}
}
