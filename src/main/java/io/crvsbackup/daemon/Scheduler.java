package io.crvsbackup.daemon;

import io.crvsbackup.config.CronExpression;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Fires a backup at every time {@code BACKUP_SCHEDULE} names, in the clock's zone ({@code TZ}). One
 * thread runs the loop and the backup, so a fire time that passes during a run is skipped, never queued
 * (the next one after the run's end is taken). The clock and the waiting are injected: tests use a fake
 * clock and a waiter that moves it, and never sleep.
 */
final class Scheduler implements Runnable {
  /** Waits until an instant; returns early only when interrupted. */
  @FunctionalInterface
  interface Waiter {
    void waitUntil(Instant t) throws InterruptedException;
  }

  private final CronExpression schedule;
  private final Clock clock;
  private final Waiter waiter;
  private final Runnable fire;
  private final Log log;
  private volatile boolean stopped;

  Scheduler(CronExpression schedule, Clock clock, Waiter waiter, Runnable fire, Log log) {
    this.schedule = schedule;
    this.clock = clock;
    this.waiter = waiter;
    this.fire = fire;
    this.log = log;
  }

  /** The next fire time strictly after {@code after}, in the clock's zone. */
  static Optional<Instant> next(CronExpression schedule, Clock clock, Instant after) {
    return schedule.next(after.atZone(clock.getZone())).map(t -> t.toInstant());
  }

  Optional<Instant> next() {
    return next(schedule, clock, clock.instant());
  }

  void stop() {
    stopped = true;
  }

  @Override
  public void run() {
    while (!stopped) {
      Optional<Instant> next = next();
      if (next.isEmpty()) {
        log.error("scheduler", "BACKUP_SCHEDULE '" + schedule + "' never fires; no backup will be taken");
        return;
      }
      log.info("scheduler", "next backup at " + next.get().atZone(clock.getZone()));
      try {
        waiter.waitUntil(next.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (stopped || Thread.currentThread().isInterrupted()) {
        return;
      }
      fire.run();
    }
  }

  /** The real waiter: sleeps in steps of at most a minute, so that a clock change is noticed. */
  static Waiter sleeping(Clock clock) {
    return t -> {
      while (true) {
        Duration left = Duration.between(clock.instant(), t);
        if (left.isNegative() || left.isZero()) {
          return;
        }
        Thread.sleep(Math.min(left.toMillis() + 1, 60_000));
      }
    };
  }
}
