package io.crvsbackup.offsite;

import io.crvsbackup.config.Settings;
import io.crvsbackup.store.BackupStore;
import io.crvsbackup.store.Label;
import io.crvsbackup.store.StoreException;
import java.util.List;
import java.util.Optional;

/**
 * Offsite copies of backup sets on a backup server over SSH (SFTP): push, list, pull back, and remote
 * retention. Every operation opens its own connection, checks the server's host key (an unknown or changed
 * key is refused), and takes the store lock while it reads or writes sets, so call it when no other run
 * holds the lock (after {@code BackupJob.run} returned, before {@code RestoreJob.prepare}).
 *
 * <p>Nothing here ever deletes or changes a local set. A failed push leaves the local set as it was; a
 * failed pull removes what it placed.
 */
public interface Offsite {
  /**
   * The offsite copies that the configuration describes.
   *
   * @throws OffsiteException when no backup server is configured ({@code EXTERNAL_BACKUP_HOST}), or a
   *     recipient in {@code BACKUP_ENCRYPTION_RECIPIENTS} has a bad checksum
   */
  static Offsite create(Settings settings, BackupStore store, OffsiteListener listener) throws OffsiteException {
    return OffsiteService.create(settings, store, listener, Retry.standard());
  }

  /** Whether a backup server is configured. */
  static boolean configured(Settings settings) {
    return settings.offsite().enabled();
  }

  /** The sets on the backup server, oldest first: ours, pushes under way, and OpenCRVS 1.4+ bundles. */
  List<RemoteSet> list() throws OffsiteException;

  /**
   * Pushes one local set ({@code <when>} as for restore: a date, a weekday, latest, a label), without
   * retries and without remote retention. A set that is there already is not sent again.
   *
   * @throws StoreException when {@code <when>} names no local set (a {@code BadInputException})
   * @throws OffsiteException when the push fails; the local set is untouched
   */
  PushReport.Pushed push(String when) throws OffsiteException, StoreException;

  /**
   * After a backup run: pushes the set just written and every other restorable local set among the
   * newest {@code EXTERNAL_BACKUP_RETENTION} that the server lacks, each with retries and backoff on
   * network failures; then, when all of them succeeded, applies remote retention. Failures are in the
   * report, not thrown: a report that is not {@link PushReport#ok()} fails the run, and the next run pushes
   * what is missing.
   *
   * @param written the set the run wrote; pushed first (skipped with a failure entry when incomplete)
   */
  PushReport pushAfterBackup(Label written);

  /**
   * Brings a set that exists only on the backup server into {@code BACKUP_DIR}: ours (any encryption) or an
   * OpenCRVS 1.4+ bundle. {@code <when>} is resolved among the remote sets.
   *
   * @throws OffsiteException when it does not resolve ({@link OffsiteException.Kind#NOT_FOUND}), exists
   *     locally already ({@link OffsiteException.Kind#EXISTS}), or cannot be pulled and checked
   */
  PullReport pull(String when) throws OffsiteException, StoreException;

  /**
   * For restore: resolves {@code <when>} among the local sets and the remote ones together; when it names a
   * set that is only on the backup server, pulls it.
   *
   * @return the pull, or empty when the local store has the set (resolve it there as usual)
   * @throws StoreException when {@code <when>} names no set anywhere (a {@code BadInputException})
   */
  Optional<PullReport> ensureLocal(String when) throws OffsiteException, StoreException;
}
