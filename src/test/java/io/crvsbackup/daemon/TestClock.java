package io.crvsbackup.daemon;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/** A clock the test moves. */
final class TestClock extends Clock {
  private volatile Instant now;
  private final ZoneId zone;

  TestClock(Instant now, ZoneId zone) {
    this.now = now;
    this.zone = zone;
  }

  void set(Instant t) {
    now = t;
  }

  void advance(Duration d) {
    now = now.plus(d);
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId z) {
    return new TestClock(now, z);
  }

  @Override
  public Instant instant() {
    return now;
  }
}
