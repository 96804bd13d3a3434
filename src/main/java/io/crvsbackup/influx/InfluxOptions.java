package io.crvsbackup.influx;

import java.time.Duration;
import java.util.zip.Deflater;

/**
 * Tuning of the InfluxDB engine; {@link #DEFAULTS} is what production uses.
 *
 * @param connectTimeout for the RPC and HTTP connections
 * @param readTimeout how long the RPC may be silent (a shard export first writes the cache to disk)
 * @param threads shards exported, checked or uploaded at once
 * @param gzipLevel deflate level of the shard files (TSM data is compressed already, so speed wins)
 * @param countTimeout how long a restore polls for the recorded counts
 * @param attempts tries per shard export, 1 s, 2 s, 4 s ... apart (the server answers nothing when it
 *     could not snapshot the shard at that moment)
 */
record InfluxOptions(
    Duration connectTimeout, Duration readTimeout, int threads, int gzipLevel, Duration countTimeout, int attempts) {
  static final InfluxOptions DEFAULTS = new InfluxOptions(
      Duration.ofSeconds(10), Duration.ofMinutes(10), Math.min(4, Runtime.getRuntime().availableProcessors()),
      Deflater.BEST_SPEED, Duration.ofMinutes(2), 5);

  InfluxOptions withThreads(int n) {
    return new InfluxOptions(connectTimeout, readTimeout, n, gzipLevel, countTimeout, attempts);
  }

  InfluxOptions withCountTimeout(Duration d) {
    return new InfluxOptions(connectTimeout, readTimeout, threads, gzipLevel, d, attempts);
  }
}
