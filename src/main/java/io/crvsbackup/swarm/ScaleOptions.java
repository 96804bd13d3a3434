package io.crvsbackup.swarm;

import java.time.Duration;

/**
 * How long to wait.
 *
 * @param stopTimeout how long scaling down may take until every task is really gone; when it runs
 *     out the services are scaled back and the scale-down fails
 * @param startTimeout how long scaling back may take until every service runs its replicas
 * @param stableFor how long a service must run its replicas, with the same tasks, to count as back (as
 *     {@code docker service} waits for tasks "to be stable"): a crash-looping service is running now and
 *     then, and must not be reported as back
 * @param pollInterval how often the tasks are listed while waiting
 */
public record ScaleOptions(Duration stopTimeout, Duration startTimeout, Duration stableFor, Duration pollInterval) {
  public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofMinutes(3);
  public static final Duration DEFAULT_START_TIMEOUT = Duration.ofMinutes(10);
  public static final Duration DEFAULT_STABLE_FOR = Duration.ofSeconds(5);
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(500);

  public ScaleOptions {
    if (stopTimeout.isNegative() || startTimeout.isNegative() || stableFor.isNegative()
        || pollInterval.isNegative() || pollInterval.isZero()) {
      throw new IllegalArgumentException("durations must not be negative and the poll interval must be positive");
    }
  }

  public static ScaleOptions defaults() {
    return new ScaleOptions(DEFAULT_STOP_TIMEOUT, DEFAULT_START_TIMEOUT, DEFAULT_STABLE_FOR, DEFAULT_POLL_INTERVAL);
  }

  public ScaleOptions withStopTimeout(Duration d) {
    return new ScaleOptions(d, startTimeout, stableFor, pollInterval);
  }

  public ScaleOptions withStartTimeout(Duration d) {
    return new ScaleOptions(stopTimeout, d, stableFor, pollInterval);
  }

  public ScaleOptions withStableFor(Duration d) {
    return new ScaleOptions(stopTimeout, startTimeout, d, pollInterval);
  }

  public ScaleOptions withPollInterval(Duration d) {
    return new ScaleOptions(stopTimeout, startTimeout, stableFor, d);
  }
}
