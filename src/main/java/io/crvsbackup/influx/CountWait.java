package io.crvsbackup.influx;

import io.crvsbackup.job.EngineException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Polls a restored database's counts until they match what the backup recorded, for a bounded time
 * (uploads wait until the server has loaded each shard, so the first reading normally matches); a count the
 * server refuses meanwhile is tried again until the time is up. Without
 * recorded counts (an imported set) the first reading is the result.
 */
final class CountWait {
  private static final long FIRST_PAUSE_MS = 50;
  private static final long MAX_PAUSE_MS = 1000;
  private static final int MAX_LINES = 20;
  private final InfluxHttp http;
  private final Duration timeout;
  private int readings;

  CountWait(InfluxHttp http, Duration timeout) {
    this.http = http;
    this.timeout = timeout;
  }

  /** How many times the last {@link #await} counted. */
  int readings() {
    return readings;
  }

  /**
   * @param expected the recorded counts, or null
   * @return the counts that matched (or the last reading)
   * @throws EngineException when they do not match within the timeout, listing the differences
   */
  Counts await(String db, List<String> retentionPolicies, InfluxFacts.Expected expected, String what)
      throws EngineException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long pause = FIRST_PAUSE_MS;
    while (true) {
      Counts now = null;
      readings++;
      try {
        now = Counts.take(http, db, retentionPolicies);
      } catch (IOException e) { // e.g. "shard is disabled" while the server still loads a shard
        if (System.nanoTime() > deadline) {
          throw new EngineException(what + ": the data was restored, but counting it failed for "
              + timeout.toSeconds() + " s: " + e.getMessage(), e);
        }
      }
      List<String> diffs = expected == null || now == null ? List.of()
          : Counts.differences(expected.low(), expected.high(), now);
      if (now != null && (expected == null || diffs.isEmpty())) {
        return now;
      }
      if (now != null && System.nanoTime() > deadline) {
        throw new EngineException(what + ": the data was restored, but after " + timeout.toSeconds()
            + " s its counts still differ from the backup's (" + diffs.size() + " difference(s)):\n  - "
            + String.join("\n  - ", diffs.subList(0, Math.min(MAX_LINES, diffs.size())))
            + (diffs.size() > MAX_LINES ? "\n  - ..." : ""));
      }
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new EngineException(what + ": interrupted while checking the counts", e);
      }
      pause = Math.min(MAX_PAUSE_MS, pause * 2);
    }
  }
}
