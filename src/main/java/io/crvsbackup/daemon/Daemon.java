package io.crvsbackup.daemon;

import io.crvsbackup.config.Settings;
import io.crvsbackup.job.BackupJob;
import io.crvsbackup.job.JobListener;
import io.crvsbackup.job.RestoreJournal;
import io.crvsbackup.store.BackupStore;
import io.crvsbackup.store.StoreException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

/**
 * {@code crvs-backup serve}: the sidecar's long-running process.
 *
 * <p>Start-up: logs the configuration (secrets masked); if a restore journal is there, says so loudly and
 * finishes that restore or brings its services back; reads the newest sets so that {@code /health} is
 * right at once; opens the HTTP endpoints; starts the scheduler thread. Shutdown ({@link #shutdown}, from
 * the SIGTERM hook): no new run starts; a running backup may go on for {@code SHUTDOWN_GRACE_SECONDS},
 * after which it is abandoned: its set keeps its start marker and so stays {@code incomplete}, never taken
 * for a complete one.
 */
public final class Daemon {
  /** Takes one backup set now, with the engines the configuration asks for; {@code app} wires it. */
  @FunctionalInterface
  public interface Backups {
    BackupJob.Outcome run(JobListener listener) throws StoreException;
  }

  /** Finishes or undoes an unfinished restore from its journal; says what it did. */
  @FunctionalInterface
  public interface Recovery {
    String resume(JobListener listener) throws Exception;
  }

  /**
   * What the daemon runs with.
   *
   * @param http where the endpoints listen (all interfaces on {@code HTTP_PORT} in production)
   * @param env the environment, only to log the configuration as it was given
   * @param host the name notifications give for this machine
   */
  public record Setup(
      Settings settings,
      BackupStore store,
      Clock clock,
      PrintWriter log,
      InetSocketAddress http,
      Function<String, String> env,
      String host,
      String version) {}

  private final Setup setup;
  private final Log log;
  private final History history = new History();
  private final Runner runner;
  private final Scheduler scheduler;
  private final Thread schedulerThread;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile HttpEndpoints http;
  private final java.time.Instant servingSince;

  private Daemon(Setup setup, Backups backups, Scheduler.Waiter waiter) {
    this.setup = setup;
    this.servingSince = setup.clock().instant();
    Settings.Daemon d = setup.settings().daemon();
    this.log = new Log(setup.log(), setup.clock(), d.jsonLogs());
    this.runner = new Runner(backups, history, new Webhook(d.webhook(), d.notifyOnSuccess(), log), log,
        setup.clock(), setup.host(), setup.version());
    this.scheduler = new Scheduler(setup.settings().schedule(), setup.clock(), waiter,
        () -> runner.runOnce("scheduled (" + setup.settings().schedule() + ")"), log);
    this.schedulerThread = new Thread(scheduler, "crvs-backup-scheduler");
    this.schedulerThread.setDaemon(true);
  }

  /** Starts the daemon; returns once the endpoints answer and the scheduler runs. */
  public static Daemon start(Setup setup, Backups backups, Recovery recovery) throws IOException {
    return start(setup, backups, recovery, Scheduler.sleeping(setup.clock()));
  }

  static Daemon start(Setup setup, Backups backups, Recovery recovery, Scheduler.Waiter waiter) throws IOException {
    Daemon daemon = new Daemon(setup, backups, waiter);
    daemon.startUp(recovery);
    return daemon;
  }

  private void startUp(Recovery recovery) throws IOException {
    log.info("serve", "crvs-backup " + setup.version() + " starting; BACKUP_DIR " + setup.store().layout().root()
        + ", schedule '" + setup.settings().schedule() + "' in " + setup.clock().getZone());
    ConfigLog.lines(setup.env()).forEach(l -> log.info("config", l));
    recover(recovery);
    try {
      history.seed(setup.store().sets());
    } catch (StoreException e) {
      log.error("serve", "cannot read the sets in BACKUP_DIR: " + e.getMessage());
    }
    history.lastSuccess().ifPresentOrElse(
        s -> log.info("serve", "newest complete set: " + s.label() + " (" + s.finished() + ")"),
        () -> log.warn("serve", "there is no complete set yet; /health stays unhealthy until a backup succeeds"));
    http = HttpEndpoints.start(setup.http(), this::report);
    log.info("serve", "/health, /metrics and /status on port " + http.port());
    schedulerThread.start();
  }

  private void recover(Recovery recovery) {
    if (!Files.exists(RestoreJournal.path(setup.store().layout()))) {
      return;
    }
    log.error("restore", "!!! RESTORE JOURNAL FOUND: " + RestoreJournal.path(setup.store().layout()) + " !!! A restore did not finish;"
        + " finishing it and bringing its services back now");
    try {
      String done = recovery.resume(new LogListener(log));
      log.warn("restore", "!!! the unfinished restore was dealt with: " + done + " !!!");
    } catch (Exception e) {
      log.error("restore", "!!! could not finish the unfinished restore: " + e.getMessage() + " !!! Services may"
          + " still be scaled down; run 'restore --resume' on the manager; /health stays unhealthy meanwhile");
    }
  }

  /**
   * The journal as /health names it, when one is present and no restore is working on it: its process is
   * gone (a restore run with {@code docker exec} shares this container's processes), or it is older than
   * the run limit. A restore in progress is not a fault, and Swarm must not replace the sidecar during one.
   */
  private Optional<String> journal() {
    var path = RestoreJournal.path(setup.store().layout());
    if (!Files.exists(path)) {
      return Optional.empty();
    }
    try {
      Optional<RestoreJournal> j = RestoreJournal.read(setup.store().layout());
      if (j.isEmpty()) {
        return Optional.empty();
      }
      boolean alive = j.get().pid() != ProcessHandle.current().pid() && ProcessHandle.of(j.get().pid())
          .map(ProcessHandle::isAlive).orElse(false);
      boolean old = j.get().started().plus(setup.settings().daemon().runLimit()).isBefore(setup.clock().instant());
      if (alive && !old) {
        return Optional.empty();
      }
      return Optional.of("restore of " + j.get().label() + " started at " + j.get().started() + ", phase "
          + j.get().phase() + (alive ? ", still running after BACKUP_RUN_LIMIT_HOURS" : ", its process is gone")
          + "; journal " + path);
    } catch (StoreException e) {
      return Optional.of("unreadable journal " + path);
    }
  }

  /** The daemon's state now, as the endpoints show it. */
  Report report() {
    Settings.Daemon d = setup.settings().daemon();
    var now = setup.clock().instant();
    try {
      history.observe(setup.store().sets());
    } catch (io.crvsbackup.store.StoreException e) {
      // the store is unreadable right now: the last known state stands, and the next run will say why
    }
    Health.Verdict verdict = Health.evaluate(new Health.Inputs(now, setup.clock().getZone(),
        setup.settings().schedule(), d.maxAge(), d.runLimit(), history.last(), history.lastSuccess(),
        history.runningSince(), journal(), servingSince));
    return new Report(now, verdict, scheduler.next(), history.runningSince(), history.last(), history.lastSuccess(),
        history.engines(), history.failures(), history.runs(),
        Report.offsite(setup.settings().offsite().enabled(), history.lastSuccess()));
  }

  /** The port the endpoints listen on. */
  public int port() {
    return http.port();
  }

  /** Runs a backup now in the calling thread, as the scheduler would (single-flight). */
  Optional<RunRecord> runNow(String trigger) {
    return runner.runOnce(trigger);
  }

  /**
   * Stops: no new run; a running backup gets {@code SHUTDOWN_GRACE_SECONDS} to finish, then is abandoned
   * (its set stays incomplete); the endpoints close. Safe to call more than once.
   */
  public void shutdown() {
    if (stopped.getCount() == 0) {
      return;
    }
    Duration grace = setup.settings().daemon().shutdownGrace();
    scheduler.stop();
    if (runner.running()) {
      log.warn("serve", "stopping: a backup is running; it may go on for up to " + grace.toSeconds() + " s");
    } else {
      schedulerThread.interrupt();
    }
    try {
      schedulerThread.join(Math.max(1, grace.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (runner.running()) {
      log.error("backup", "stopping: the running backup did not finish within SHUTDOWN_GRACE_SECONDS ("
          + grace.toSeconds() + " s) and is abandoned; its set stays INCOMPLETE (start marker) and is never taken"
          + " for a complete one");
      runner.thread().ifPresent(Thread::interrupt);
      new Webhook(setup.settings().daemon().webhook(), false, log).notify(new RunRecord("(running)",
          history.runningSince().orElse(setup.clock().instant()), setup.clock().instant(), false,
          List.of("backup: abandoned at shutdown after " + grace.toSeconds() + " s; the set stays incomplete"),
          Optional.empty()), setup.host(), setup.version());
    }
    if (http != null) {
      http.close();
    }
    log.info("serve", "stopped");
    stopped.countDown();
  }

  /** Blocks until {@link #shutdown} has finished. */
  public void awaitStopped() throws InterruptedException {
    stopped.await();
  }
}
