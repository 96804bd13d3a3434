package io.crvsbackup.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CronExpressionTest {

  @ParameterizedTest(name = "''{0}'' after {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        // midnight; 'next' is strictly after, to the minute
        "0 0 * * *          | 2026-11-26T02:00Z | 2026-11-27T00:00Z",
        "0 0 * * *          | 2026-11-26T00:00Z | 2026-11-27T00:00Z",
        "0 0 * * *          | 2026-11-25T23:59:59Z | 2026-11-26T00:00Z",
        "0 0 * * *          | 2026-12-31T12:00Z | 2027-01-01T00:00Z",
        // steps
        "*/15 * * * *       | 2026-11-26T02:07Z | 2026-11-26T02:15Z",
        "*/15 * * * *       | 2026-11-26T02:45Z | 2026-11-26T03:00Z",
        "5/20 * * * *       | 2026-11-26T02:26Z | 2026-11-26T02:45Z",
        "0 */6 * * *        | 2026-11-26T02:00Z | 2026-11-26T06:00Z",
        "0 0 1-10/3 * *     | 2026-11-04T00:00Z | 2026-11-07T00:00Z",
        "0 0 1-10/3 * *     | 2026-11-10T00:00Z | 2026-12-01T00:00Z",
        // ranges and lists
        "30 1-3 * * *       | 2026-11-26T02:00Z | 2026-11-26T02:30Z",
        "30 1-3 * * *       | 2026-11-26T03:30Z | 2026-11-27T01:30Z",
        "0 9,17 * * *       | 2026-11-26T10:00Z | 2026-11-26T17:00Z",
        "0,30 9 * * *       | 2026-11-26T09:00Z | 2026-11-26T09:30Z",
        "0 0 * * 1-5        | 2026-11-27T00:00Z | 2026-11-30T00:00Z",
        // names, either case; 0, 7 and sun are all Sunday (2026-11-26 is a Thursday)
        "0 0 * * mon        | 2026-11-26T02:00Z | 2026-11-30T00:00Z",
        "0 0 * * MON        | 2026-11-26T02:00Z | 2026-11-30T00:00Z",
        "0 0 * * sun        | 2026-11-26T02:00Z | 2026-11-29T00:00Z",
        "0 0 * * 0          | 2026-11-26T02:00Z | 2026-11-29T00:00Z",
        "0 0 * * 7          | 2026-11-26T02:00Z | 2026-11-29T00:00Z",
        "0 0 * * 5-7        | 2026-11-28T00:00Z | 2026-11-29T00:00Z",
        "0 12 * * sat,sun   | 2026-11-26T02:00Z | 2026-11-28T12:00Z",
        "0 0 1 jan *        | 2026-11-26T02:00Z | 2027-01-01T00:00Z",
        "0 0 1 feb-mar *    | 2026-11-26T02:00Z | 2027-02-01T00:00Z",
        "0 0 1 Dec *        | 2026-11-26T02:00Z | 2026-12-01T00:00Z",
        // day-of-month OR day-of-week when both are restricted
        "0 0 1 * mon        | 2026-11-26T02:00Z | 2026-11-30T00:00Z",
        "0 0 1 * mon        | 2026-11-30T00:00Z | 2026-12-01T00:00Z",
        "0 0 13 * fri       | 2026-11-26T02:00Z | 2026-11-27T00:00Z",
        // Regression, issue 2: a day field that starts with '*' is not restricted (crontab(5)), so both
        // must match
        "0 0 */2 * mon      | 2026-11-26T02:00Z | 2026-12-07T00:00Z",
        "0 0 1 * */3        | 2026-11-26T02:00Z | 2027-05-01T00:00Z",
        // only one day field restricted: the other does not widen it
        "0 0 13 * *         | 2026-11-26T02:00Z | 2026-12-13T00:00Z",
        "0 0 * 2 mon        | 2026-11-26T02:00Z | 2027-02-01T00:00Z",
        // month ends and leap days
        "0 0 31 * *         | 2026-11-26T02:00Z | 2026-12-31T00:00Z",
        "0 0 30 * *         | 2027-01-30T00:00Z | 2027-03-30T00:00Z",
        "0 0 29 2 *         | 2026-11-26T02:00Z | 2028-02-29T00:00Z",
        "0 0 29 2 *         | 2028-02-29T00:00Z | 2032-02-29T00:00Z",
        "59 23 31 12 *      | 2026-12-31T23:59Z | 2027-12-31T23:59Z",
      })
  void nextIsTheFirstMatchingMinuteStrictlyAfter(String expression, String after, String expected) {
    CronExpression cron = CronExpression.parse(expression);

    assertThat(cron.next(ZonedDateTime.parse(after))).contains(ZonedDateTime.parse(expected));
  }

  @Test
  void nextWorksInTheZoneItIsGiven() {
    ZoneId nairobi = ZoneId.of("Africa/Nairobi");

    assertThat(CronExpression.parse("0 0 * * *").next(ZonedDateTime.parse("2026-11-26T02:00Z").withZoneSameInstant(nairobi)))
        .contains(ZonedDateTime.of(2026, 11, 27, 0, 0, 0, 0, nairobi));
  }

  @Test
  void anExpressionThatNeverMatchesHasNoNext() {
    assertThat(CronExpression.parse("0 0 30 2 *").next(ZonedDateTime.parse("2026-11-26T02:00Z"))).isEmpty();
    assertThat(CronExpression.parse("0 0 31 4,6,9,11 *").next(ZonedDateTime.parse("2026-11-26T02:00Z"))).isEmpty();
  }

  @Test
  void toStringIsTheExpressionAsGiven() {
    assertThat(CronExpression.parse("  30 2 * * mon-fri ")).hasToString("30 2 * * mon-fri");
  }

  @ParameterizedTest(name = "''{0}''")
  @CsvSource(
      delimiter = '|',
      value = {
        "0 0 * *            | has 4 fields; expected 5",
        "0 0 * * * *        | has 6 fields; expected 5",
        "''                 | expected 5",
        "@daily             | has 1 fields; expected 5",
        "60 0 * * *         | minute field '60' is invalid: 60 is out of range; allowed: 0-59",
        "-1 0 * * *         | minute field '-1' is invalid",
        "a 0 * * *          | minute field 'a' is invalid: 'a' is not a number",
        "0,,5 0 * * *       | minute field '0,,5' is invalid: an empty list item",
        "*/0 * * * *        | minute field '*/0' is invalid: step 0 must be at least 1",
        "*/x * * * *        | minute field '*/x' is invalid: 'x' is not a number",
        "0 24 * * *         | hour field '24' is invalid: 24 is out of range; allowed: 0-23",
        "0 5-1 * * *        | hour field '5-1' is invalid: range 5-1 runs backwards",
        "0 1-2-3 * * *      | hour field '1-2-3' is invalid: '1-2-3' is not a range a-b",
        "0 0 0 * *          | day-of-month field '0' is invalid: 0 is out of range; allowed: 1-31",
        "0 0 32 * *         | day-of-month field '32' is invalid",
        "0 0 L * *          | day-of-month field 'L' is invalid",
        "0 0 * 0 *          | month field '0' is invalid: 0 is out of range; allowed: 1-12",
        "0 0 * 13 *         | month field '13' is invalid",
        "0 0 * foo *        | month field 'foo' is invalid: 'foo' is not a number",
        "0 0 * * 8          | day-of-week field '8' is invalid: 8 is out of range; allowed: 0-7",
        "0 0 * * funday     | day-of-week field 'funday' is invalid",
        "0 0 * * mon-       | day-of-week field 'mon-' is invalid",
        "0 0 * * jan        | day-of-week field 'jan' is invalid",
      })
  void anInvalidExpressionNamesTheFieldAndWhatIsWrong(String expression, String expected) {
    assertThatThrownBy(() -> CronExpression.parse(expression))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(expected);
  }
}
