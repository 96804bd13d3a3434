package io.crvsbackup.elastic;

import io.crvsbackup.job.EngineException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Bounded waiting: a deadline on the engine's clock and a pause between two questions. */
final class Poll {
  /** Pauses the calling thread; tests pass one that advances a fake clock instead. */
  interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  static final Sleeper THREAD_SLEEP = d -> Thread.sleep(d.toMillis());

  private final Clock clock;
  private final Sleeper sleeper;
  private final Duration interval;

  Poll(Clock clock, Sleeper sleeper, Duration interval) {
    this.clock = clock;
    this.sleeper = sleeper;
    this.interval = interval;
  }

  Clock clock() {
    return clock;
  }

  /** A deadline {@code timeout} from now. */
  Instant deadline(Duration timeout) {
    return clock.instant().plus(timeout);
  }

  boolean expired(Instant deadline) {
    return !clock.instant().isBefore(deadline);
  }

  /**
   * Waits one interval.
   *
   * @throws EngineException when the thread is interrupted, naming what it was waiting for
   */
  void pause(String waitingFor) throws EngineException {
    try {
      sleeper.sleep(interval);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineException("interrupted while waiting for " + waitingFor, e);
    }
  }
}
