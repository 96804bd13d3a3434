package io.crvsbackup.job;

import io.crvsbackup.config.Settings;
import io.crvsbackup.offsite.Offsite;
import io.crvsbackup.offsite.OffsiteException;
import io.crvsbackup.offsite.PullReport;
import io.crvsbackup.store.BackupStore;
import io.crvsbackup.store.StoreException;
import java.util.Optional;

/**
 * The step before a restore: when {@code <when>} names a set that exists only on the external backup
 * server, download, decrypt and check it into {@code BACKUP_DIR} first. Call it before the restore takes
 * the store lock.
 */
public final class OffsitePull {
  private OffsitePull() {}

  /**
   * @return what to restore: the pulled set's label, or {@code when} unchanged when the set is local, no
   *     server is configured, or the server cannot be reached (then with a warning)
   * @throws OffsiteException when the set is only remote and could not be pulled and checked
   */
  public static String ensureLocal(Settings settings, BackupStore store, String when, JobListener listener)
      throws OffsiteException, StoreException {
    if (when == null || !Offsite.configured(settings)) {
      return when;
    }
    try {
      Optional<PullReport> pulled = Offsite.create(settings, store, OffsitePush.adapt(listener)).ensureLocal(when);
      pulled.ifPresent(p -> listener.info("offsite", "pulled set " + p.label() + " from the backup server"));
      return pulled.map(p -> p.label().value()).orElse(when);
    } catch (OffsiteException e) {
      if (e.kind() == OffsiteException.Kind.UNREACHABLE) {
        listener.warning("offsite", "the backup server cannot be reached (" + e.getMessage()
            + "); looking for the set locally only");
        return when;
      }
      throw e;
    } catch (io.crvsbackup.store.BadInputException e) {
      // no such set anywhere: let the local resolution give its usual message with the local sets
      return when;
    }
  }
}
