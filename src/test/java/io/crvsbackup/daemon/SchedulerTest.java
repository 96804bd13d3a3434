package io.crvsbackup.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.crvsbackup.config.CronExpression;
import io.crvsbackup.job.BackupJob;
import io.crvsbackup.store.LockHeldException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The schedule's fire times in TZ, the loop on a fake clock, and single-flight runs. */
class SchedulerTest {
  private static final ZoneId KIGALI = ZoneId.of("Africa/Kigali");
  private final StringWriter logged = new StringWriter();

  private Log log(TestClock clock) {
    return new Log(new PrintWriter(logged), clock, false);
  }

  @Test
  void nextFireIsMidnightInTheConfiguredZone() {
    TestClock clock = new TestClock(Instant.parse("2026-11-26T10:00:00Z"), KIGALI);

    assertThat(Scheduler.next(CronExpression.parse("0 0 * * *"), clock, clock.instant()))
        .contains(Instant.parse("2026-11-26T22:00:00Z"));
    assertThat(Scheduler.next(CronExpression.parse("0 0 * * *"), clock, Instant.parse("2026-11-26T22:00:00Z")))
        .contains(Instant.parse("2026-11-27T22:00:00Z"));
  }

  @Test
  void theLoopFiresAtEachTimeAndSkipsTimesThatPassDuringARun() {
    TestClock clock = new TestClock(Instant.parse("2026-11-26T10:00:00Z"), ZoneId.of("UTC"));
    List<Instant> waits = new ArrayList<>();
    List<Instant> fired = new ArrayList<>();
    Scheduler[] s = new Scheduler[1];
    s[0] = new Scheduler(CronExpression.parse("0 */6 * * *"), clock, t -> {
      waits.add(t);
      clock.set(t);
    }, () -> {
      fired.add(clock.instant());
      if (fired.size() == 2) {
        clock.advance(Duration.ofHours(7)); // a long run: the 18:00 time passes while it goes
      }
      if (fired.size() == 3) {
        s[0].stop();
      }
    }, log(clock));

    s[0].run();

    assertThat(fired).containsExactly(Instant.parse("2026-11-26T12:00:00Z"), Instant.parse("2026-11-26T18:00:00Z"),
        Instant.parse("2026-11-27T06:00:00Z"));
    assertThat(logged.toString()).contains("next backup at 2026-11-26T12:00Z[UTC]");
  }

  @Test
  void anInterruptedWaitEndsTheLoopWithoutARun() throws Exception {
    TestClock clock = new TestClock(Instant.parse("2026-11-26T10:00:00Z"), ZoneId.of("UTC"));
    AtomicInteger fired = new AtomicInteger();
    Scheduler s = new Scheduler(CronExpression.parse("0 0 * * *"), clock, Scheduler.sleeping(clock),
        fired::incrementAndGet, log(clock));
    Thread t = new Thread(s);
    t.start();
    Thread.sleep(100);
    s.stop();
    t.interrupt();
    t.join(2000);

    assertThat(t.isAlive()).isFalse();
    assertThat(fired).hasValue(0);
  }

  @Test
  void aRunIsNeverStartedTwice() throws Exception {
    TestClock clock = new TestClock(Instant.parse("2026-11-26T00:00:00Z"), ZoneId.of("UTC"));
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger runs = new AtomicInteger();
    History history = new History();
    Runner runner = new Runner(listener -> {
      runs.incrementAndGet();
      inside.countDown();
      try {
        release.await(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return new BackupJob.Outcome(Runs.manifest("2026-11-26", clock.instant()), 0);
    }, history, new Webhook(Optional.empty(), false, log(clock)), log(clock), clock, "h", "1");
    Thread first = new Thread(() -> runner.runOnce("scheduled"));
    first.start();
    assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();

    Optional<RunRecord> second = runner.runOnce("scheduled");

    assertThat(second).isEmpty();
    assertThat(runner.running()).isTrue();
    assertThat(history.runningSince()).contains(clock.instant());
    release.countDown();
    first.join(5000);
    assertThat(runs).hasValue(1);
    assertThat(history.runs()).containsEntry("ok", 1L).containsEntry("skipped", 1L);
    assertThat(history.lastSuccess()).isPresent();
    assertThat(runner.running()).isFalse();
    assertThat(logged.toString()).contains("WARN ").contains("a backup is still running; this one is not started");
  }

  @Test
  void aLockHeldElsewhereIsReportedNotThrown() {
    TestClock clock = new TestClock(Instant.parse("2026-11-26T00:00:00Z"), ZoneId.of("UTC"));
    History history = new History();
    Runner runner = new Runner(listener -> {
      throw new LockHeldException("the store is locked by pid 42 (restore latest) since 2026-11-25T23:59:00Z");
    }, history, new Webhook(Optional.empty(), false, log(clock)), log(clock), clock, "h", "1");

    Optional<RunRecord> run = runner.runOnce("scheduled");

    assertThat(run).isPresent();
    assertThat(run.get().ok()).isFalse();
    assertThat(run.get().failures().get(0)).contains("another run holds the store lock").contains("pid 42");
    assertThat(history.failures()).containsEntry("backup", 1L);
    assertThat(logged.toString()).contains("ERROR ").contains("the scheduled backup did not run");
    assertThat(runner.running()).isFalse();
  }

  @Test
  void anIncompleteSetIsLoggedWithTheMarkerPerFailedPart() {
    TestClock clock = new TestClock(Instant.parse("2026-11-26T00:00:00Z"), ZoneId.of("UTC"));
    Runner runner = new Runner(listener -> new BackupJob.Outcome(Runs.manifest("2026-11-26", clock.instant(),
        "elasticsearch"), 0), new History(), new Webhook(Optional.empty(), false, log(clock)), log(clock), clock, "h", "1");

    runner.runOnce("scheduled");

    assertThat(logged.toString()).containsPattern("(?m)^ERROR .* backup: set 2026-11-26: elasticsearch: elasticsearch is down$")
        .containsPattern("(?m)^ERROR .* set 2026-11-26 is INCOMPLETE");
  }
}
