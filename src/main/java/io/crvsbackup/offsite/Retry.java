package io.crvsbackup.offsite;

import java.time.Duration;
import java.util.List;

/** How often and how long to wait before trying a push again after a network failure. */
record Retry(List<Duration> backoff) {
  Retry {
    backoff = List.copyOf(backoff);
  }

  /** Three attempts: again after 30 s, then after 2 min. */
  static Retry standard() {
    return new Retry(List.of(Duration.ofSeconds(30), Duration.ofMinutes(2)));
  }

  static Retry none() {
    return new Retry(List.of());
  }

  int attempts() {
    return backoff.size() + 1;
  }
}
