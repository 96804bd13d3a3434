package io.crvsbackup.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.crvsbackup.config.CronExpression;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** /health's rules as a table. The schedule is daily at 00:00 in Africa/Kigali (UTC+2); the run limit 6 h. */
class HealthTest {
  private static final ZoneId ZONE = ZoneId.of("Africa/Kigali");
  private static final CronExpression DAILY = CronExpression.parse("0 0 * * *");
  private static final Instant LAST_MIDNIGHT = Instant.parse("2026-11-25T22:00:00Z");

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    // case                                 | now (hours after last midnight) | success | last run | running (h) | journal | max age | healthy | reason contains
    "fresh success                          | 3  | ok@0    | ok@0     |    |         |    | true  | ",
    "success of yesterday, today's run due  | 23 | ok@0    | ok@0     |    |         |    | true  | ",
    "success of yesterday, run late < limit | 29 | ok@0    | ok@0     |    |         |    | true  | ",
    "stale: a scheduled run was missed      | 31 | ok@0    | ok@0     |    |         |    | false | the run due at 2026-11-26T22:00:00Z",
    "manual success at noon counts          | 14 | ok@12   | ok@12    |    |         |    | true  | ",
    "failed last run                        | 3  | ok@-24  | fail@0   |    |         |    | false | the last backup run (2026-11-26",
    "stuck run                              | 8  | ok@-24  | ok@-24   | 7  |         |    | false | looks stuck",
    "running within the limit               | 2  | ok@-24  | ok@-24   | 2  |         |    | true  | ",
    "restore journal present                | 3  | ok@0    | ok@0     |    | journal |    | false | a restore did not finish",
    "no sets                                | 3  |         |          |    |         |    | false | there is no complete backup set yet",
    "max age: young enough                  | 40 | ok@0    | ok@0     |    |         | 48 | true  | ",
    "max age: too old                       | 50 | ok@0    | ok@0     |    |         | 48 | false | older than BACKUP_MAX_AGE_HOURS (48h)",
  })
  void verdict(String name, int nowH, String success, String last, Integer runningH, String journal, Integer maxAge,
      boolean healthy, String reason) {
    Instant now = LAST_MIDNIGHT.plus(Duration.ofHours(nowH));
    Health.Inputs in = new Health.Inputs(now, ZONE, DAILY,
        Optional.ofNullable(maxAge).map(Duration::ofHours), Duration.ofHours(6),
        run(last), run(success),
        Optional.ofNullable(runningH).map(h -> now.minus(Duration.ofHours(h))),
        Optional.ofNullable(journal).map(j -> "restore of 2026-11-20 started at ..., phase restoring"),
        LAST_MIDNIGHT.minus(Duration.ofDays(2)));

    Health.Verdict v = Health.evaluate(in);

    assertThat(v.healthy()).as(String.join("; ", v.reasons())).isEqualTo(healthy);
    if (reason != null) {
      assertThat(String.join("\n", v.reasons())).contains(reason);
    } else {
      assertThat(v.reasons()).isEmpty();
    }
  }

  @ParameterizedTest(name = "new install, {0} h after start-up at 20:00 local: healthy={1}")
  @CsvSource({"1, true", "5, true", "9, true", "11, false"})
  void aNewInstallIsHealthyUntilItsFirstRunHadItsTime(int hoursAfterStart, boolean healthy) {
    Instant serving = LAST_MIDNIGHT.minus(Duration.ofHours(4)); // 20:00 local; first run due at midnight
    Instant now = serving.plus(Duration.ofHours(hoursAfterStart));
    Health.Verdict v = Health.evaluate(new Health.Inputs(now, ZONE, DAILY, Optional.empty(), Duration.ofHours(6),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), serving));

    assertThat(v.healthy()).as(String.join("; ", v.reasons())).isEqualTo(healthy);
    if (!healthy) {
      assertThat(v.reasons()).anyMatch(r -> r.contains("no complete backup set yet: the run due at " + LAST_MIDNIGHT));
    }
  }

  @org.junit.jupiter.api.Test
  void aNewInstallWhoseFirstRunFailedIsUnhealthyAtOnce() {
    Instant serving = LAST_MIDNIGHT.minus(Duration.ofHours(1));
    Instant now = LAST_MIDNIGHT.plus(Duration.ofHours(1));
    Health.Verdict v = Health.evaluate(new Health.Inputs(now, ZONE, DAILY, Optional.empty(), Duration.ofHours(6),
        run("fail@0"), Optional.empty(), Optional.empty(), Optional.empty(), serving));

    assertThat(v.healthy()).isFalse();
    assertThat(v.reasons()).anyMatch(r -> r.contains("the last backup run"));
  }

  /** {@code ok@H} or {@code fail@H}: a run started H hours after last midnight; null: none. */
  private static Optional<RunRecord> run(String spec) {
    if (spec == null) {
      return Optional.empty();
    }
    String[] p = spec.split("@");
    Instant started = LAST_MIDNIGHT.plus(Duration.ofHours(Long.parseLong(p[1])));
    String label = started.atZone(ZONE).toLocalDate().toString();
    return Optional.of(p[0].equals("ok") ? Runs.ok(label, started) : Runs.failed(label, started));
  }
}
