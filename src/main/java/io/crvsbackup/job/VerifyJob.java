package io.crvsbackup.job;

import io.crvsbackup.store.BackupSet;
import io.crvsbackup.store.BackupStore;
import io.crvsbackup.store.StoreException;
import io.crvsbackup.store.VerifyReport;
import java.util.ArrayList;
import java.util.List;

/**
 * A complete offline verification of a set: the store's checks (every file, size and sha256) and then
 * every engine's own format checks for its part. The combined result is recorded for {@code list}.
 */
public final class VerifyJob {
  private final BackupStore store;
  private final List<Engine> engines;
  private final JobListener listener;

  public VerifyJob(BackupStore store, List<Engine> engines, JobListener listener) {
    this.store = store;
    this.engines = List.copyOf(engines);
    this.listener = listener;
  }

  /** Verifies {@code set} with the store and with every engine that has data in it. */
  public VerifyReport run(BackupSet set) throws StoreException {
    VerifyReport files = store.check(set, line -> listener.info("verify", line));
    List<String> problems = new ArrayList<>(files.problems());
    for (Engine e : engines) {
      if (set.engines().contains(e.name())) {
        problems.addAll(e.verifyOffline(set, listener));
      }
    }
    VerifyReport report = new VerifyReport(set, files.checked(), files.bytes(), problems);
    store.record(report);
    return report;
  }
}
