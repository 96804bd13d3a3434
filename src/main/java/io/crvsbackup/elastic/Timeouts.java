package io.crvsbackup.elastic;

import java.time.Duration;

/**
 * How long the engine waits, and how often it asks.
 *
 * @param poll the pause between two questions to the server
 * @param runningSnapshots how long to wait for snapshots that others started (SLM, a script) to end
 * @param snapshot how long our snapshot may take
 * @param restore how long a restore may take until every restored primary is active
 */
record Timeouts(Duration poll, Duration runningSnapshots, Duration snapshot, Duration restore) {
  static final Timeouts DEFAULT =
      new Timeouts(Duration.ofSeconds(2), Duration.ofHours(1), Duration.ofHours(6), Duration.ofHours(6));
}
