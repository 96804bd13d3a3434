package io.crvsbackup.config;

import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.Locale;
import java.util.Optional;

/**
 * A classic five-field cron expression ({@code minute hour day-of-month month day-of-week}), as in
 * crontab(5): {@code *}, numbers, ranges {@code a-b}, steps {@code * /n} and {@code a-b/n}, lists, and
 * the names {@code jan}..{@code dec} and {@code sun}..{@code sat}. When both day fields are restricted
 * (neither starts with {@code *}), a day matches if either matches, as in cron.
 */
public final class CronExpression {
  private static final String[] MONTHS = {
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"
  };
  private static final String[] DAYS = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
  /** Four years and a day covers every combination of leap years and weekdays. */
  private static final int MAX_DAYS_AHEAD = 4 * 366 + 1;

  private final String text;
  private final BitSet minutes;
  private final BitSet hours;
  private final BitSet daysOfMonth;
  private final BitSet months;
  private final BitSet daysOfWeek;
  private final boolean domRestricted;
  private final boolean dowRestricted;

  private CronExpression(String text, BitSet[] fields, boolean domRestricted, boolean dowRestricted) {
    this.text = text;
    this.minutes = fields[0];
    this.hours = fields[1];
    this.daysOfMonth = fields[2];
    this.months = fields[3];
    this.daysOfWeek = fields[4];
    this.domRestricted = domRestricted;
    this.dowRestricted = dowRestricted;
  }

  /**
   * Parses an expression.
   *
   * @throws IllegalArgumentException with a message that says which field is wrong and what is allowed
   */
  public static CronExpression parse(String text) {
    String[] parts = text.trim().split("\\s+");
    if (parts.length != 5) {
      throw new IllegalArgumentException(
          "'" + text + "' has " + parts.length + " fields; expected 5: minute hour day-of-month month day-of-week"
              + " (for example '0 0 * * *' for midnight)");
    }
    BitSet[] fields = {
      parseField(parts[0], "minute", 0, 59, null),
      parseField(parts[1], "hour", 0, 23, null),
      parseField(parts[2], "day-of-month", 1, 31, null),
      parseField(parts[3], "month", 1, 12, MONTHS),
      parseField(parts[4], "day-of-week", 0, 7, DAYS)
    };
    if (fields[4].get(7)) {
      fields[4].set(0);
      fields[4].clear(7);
    }
    // As in cron, a day field that starts with '*' (such as */2) does not count as restricted.
    return new CronExpression(text.trim(), fields, !parts[2].startsWith("*"), !parts[4].startsWith("*"));
  }

  private static BitSet parseField(String field, String name, int min, int max, String[] names) {
    BitSet bits = new BitSet(max + 1);
    for (String item : field.split(",", -1)) {
      if (item.isEmpty()) {
        throw invalid(field, name, min, max, "an empty list item");
      }
      int step = 1;
      String range = item;
      int slash = item.indexOf('/');
      if (slash >= 0) {
        step = number(item.substring(slash + 1), field, name, min, max, null, true);
        range = item.substring(0, slash);
      }
      int from;
      int to;
      if (range.equals("*")) {
        from = min;
        to = max == 7 ? 6 : max;
      } else if (range.contains("-")) {
        String[] ends = range.split("-", -1);
        if (ends.length != 2) {
          throw invalid(field, name, min, max, "'" + range + "' is not a range a-b");
        }
        from = number(ends[0], field, name, min, max, names, false);
        to = number(ends[1], field, name, min, max, names, false);
        if (from > to) {
          throw invalid(field, name, min, max, "range " + range + " runs backwards");
        }
      } else {
        from = number(range, field, name, min, max, names, false);
        to = slash >= 0 ? (max == 7 ? 6 : max) : from;
      }
      for (int i = from; i <= to; i += step) {
        bits.set(i);
      }
    }
    return bits;
  }

  private static int number(
      String s, String field, String name, int min, int max, String[] names, boolean isStep) {
    if (names != null) {
      String lower = s.toLowerCase(Locale.ROOT);
      for (int i = 0; i < names.length; i++) {
        if (names[i].equals(lower)) {
          return names == MONTHS ? i + 1 : i;
        }
      }
    }
    int value;
    try {
      value = Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw invalid(field, name, min, max, "'" + s + "' is not a number");
    }
    if (isStep ? value < 1 : value < min || value > max) {
      throw invalid(field, name, min, max, isStep ? "step " + s + " must be at least 1" : s + " is out of range");
    }
    return value;
  }

  private static IllegalArgumentException invalid(
      String field, String name, int min, int max, String why) {
    return new IllegalArgumentException(
        name + " field '" + field + "' is invalid: " + why + "; allowed: " + min + "-" + max
            + ", *, a-b, */n, lists a,b");
  }

  /** The first time strictly after {@code after} that matches, to the minute, in its zone. */
  public Optional<ZonedDateTime> next(ZonedDateTime after) {
    ZonedDateTime t = after.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
    ZonedDateTime limit = t.plusDays(MAX_DAYS_AHEAD);
    while (t.isBefore(limit)) {
      if (!months.get(t.getMonthValue()) || !dayMatches(t)) {
        t = t.truncatedTo(ChronoUnit.DAYS).plusDays(1);
        continue;
      }
      if (!hours.get(t.getHour())) {
        t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
        continue;
      }
      if (!minutes.get(t.getMinute())) {
        t = t.plusMinutes(1);
        continue;
      }
      return Optional.of(t);
    }
    return Optional.empty();
  }

  private boolean dayMatches(ZonedDateTime t) {
    boolean dom = daysOfMonth.get(t.getDayOfMonth());
    boolean dow = daysOfWeek.get(t.getDayOfWeek().getValue() % 7);
    if (domRestricted && dowRestricted) {
      return dom || dow;
    }
    return dom && dow;
  }

  @Override
  public String toString() {
    return text;
  }
}
