package io.crvsbackup.daemon;

import io.crvsbackup.job.BackupJob;
import io.crvsbackup.job.JobListener;
import io.crvsbackup.store.LockHeldException;
import io.crvsbackup.store.StoreException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs one backup at a time. In this process a run never starts while another is going (the second
 * caller is told so and returns at once); across processes the store lock does the same, and a lock held
 * by someone else (a manual backup or a restore) is reported as a failed, skipped run, never a crash.
 * Each run is recorded, logged and notified.
 */
final class Runner {
  private final Daemon.Backups backups;
  private final History history;
  private final Webhook webhook;
  private final Log log;
  private final Clock clock;
  private final String host;
  private final String version;
  private final AtomicBoolean running = new AtomicBoolean();
  private volatile Thread current;

  Runner(Daemon.Backups backups, History history, Webhook webhook, Log log, Clock clock, String host, String version) {
    this.backups = backups;
    this.history = history;
    this.webhook = webhook;
    this.log = log;
    this.clock = clock;
    this.host = host;
    this.version = version;
  }

  /** Whether a run is going now. */
  boolean running() {
    return running.get();
  }

  /** The thread of the run going now, if any. */
  Optional<Thread> thread() {
    return Optional.ofNullable(current);
  }

  /**
   * Runs a backup in the calling thread.
   *
   * @return the run, or empty when one was already going in this process (nothing was started)
   */
  Optional<RunRecord> runOnce(String trigger) {
    if (!running.compareAndSet(false, true)) {
      log.warn("backup", trigger + ": a backup is still running; this one is not started");
      history.skipped();
      return Optional.empty();
    }
    current = Thread.currentThread();
    Instant start = clock.instant();
    history.started(start);
    log.info("backup", trigger + ": starting a backup run");
    RunRecord run;
    try {
      JobListener listener = new LogListener(log);
      BackupJob.Outcome out = backups.run(listener);
      run = RunRecord.of(out.manifest());
      if (run.ok()) {
        log.info("backup", "set " + run.label() + " is complete: " + out.manifest().artifacts().size()
            + " file(s), " + out.manifest().totalSize() + " bytes" + (out.pruned() > 0 ? "; retention pruned "
            + out.pruned() + " set(s)" : ""));
      } else {
        for (String f : run.failures()) {
          log.error("backup", "set " + run.label() + ": " + f);
        }
        log.error("backup", "set " + run.label() + " is INCOMPLETE: " + run.failures().size()
            + " part(s) failed; nothing was pruned, earlier sets are intact");
      }
    } catch (LockHeldException e) {
      run = notStarted(start, "another run holds the store lock: " + e.getMessage());
      log.error("backup", "the scheduled backup did not run: " + e.getMessage());
    } catch (StoreException | RuntimeException e) {
      run = notStarted(start, e.getMessage() == null ? e.toString() : e.getMessage());
      log.error("backup", "the backup run failed: " + run.failures().get(0));
    } finally {
      current = null;
    }
    history.finished(run);
    running.set(false);
    webhook.notify(run, host, version);
    return Optional.of(run);
  }

  private RunRecord notStarted(Instant start, String why) {
    return new RunRecord("-", start, clock.instant(), false, List.of("backup: " + why), Optional.empty());
  }
}
