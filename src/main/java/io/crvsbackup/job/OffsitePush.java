package io.crvsbackup.job;

import io.crvsbackup.config.Settings;
import io.crvsbackup.offsite.Offsite;
import io.crvsbackup.offsite.OffsiteException;
import io.crvsbackup.offsite.OffsiteListener;
import io.crvsbackup.offsite.PushReport;
import io.crvsbackup.store.BackupStore;
import io.crvsbackup.store.Label;
import java.util.ArrayList;
import java.util.List;

/**
 * The step after a backup run: copy the new set (and any earlier one the server lacks) to the external
 * backup server, when one is configured. Returns what failed; never throws, never touches a local set.
 */
@FunctionalInterface
public interface OffsitePush {
  OffsitePush NONE = (label, listener) -> List.of();

  List<String> push(Label written, JobListener listener);

  /** The push the configuration asks for: {@link #NONE} without {@code EXTERNAL_BACKUP_HOST}. */
  static OffsitePush of(Settings settings, BackupStore store) {
    if (!Offsite.configured(settings)) {
      return NONE;
    }
    return (label, listener) -> {
      List<String> failures = new ArrayList<>();
      try {
        PushReport r = Offsite.create(settings, store, adapt(listener)).pushAfterBackup(label);
        r.pushed().forEach(p -> listener.info("offsite", "pushed " + p.label() + ": " + p.filesSent() + " file(s) sent, "
            + p.filesKept() + " already there"));
        r.failed().forEach(f -> failures.add(f.label() + ": " + f.error().getMessage()));
      } catch (OffsiteException e) {
        failures.add(e.getMessage());
      }
      failures.forEach(f -> listener.warning("offsite", "push failed: " + f));
      return failures;
    };
  }

  /** The offsite package's listener, fed into the job's events. */
  static OffsiteListener adapt(JobListener listener) {
    return new OffsiteListener() {
      @Override
      public void progress(String item, long bytes, long total, boolean done) {
        listener.progress("offsite", item, -1, bytes, done);
      }

      @Override
      public void info(String message) {
        listener.info("offsite", message);
      }

      @Override
      public void warning(String message) {
        listener.warning("offsite", message);
      }
    };
  }
}
