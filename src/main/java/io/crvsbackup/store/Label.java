package io.crvsbackup.store;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The name of a backup set: a date {@code YYYY-MM-DD} (the nightly sets) or an operator's label of
 * lowercase {@code [a-z0-9._-]}, because Elasticsearch snapshot names ({@code snapshot_<label>}) must be
 * lowercase. A label may not look like a date without being one, and may not be a word that {@code
 * restore} reads as something else ({@code latest}, a weekday).
 */
public record Label(String value) implements Comparable<Label> {
  private static final Pattern SHAPE = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");
  private static final Pattern DATE_LIKE = Pattern.compile("\\d{4}-\\d{1,2}-\\d{1,2}");
  static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT);
  static final Set<String> RESERVED =
      Set.of("latest", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday");

  public Label {
    if (!SHAPE.matcher(value).matches()) {
      throw new IllegalArgumentException("not a label: " + value);
    }
  }

  /**
   * Parses an operator's label.
   *
   * @throws BadInputException saying what is allowed
   */
  public static Label parse(String text) throws BadInputException {
    if (text == null || text.isEmpty()) {
      throw new BadInputException("a label must not be empty");
    }
    if (DATE_LIKE.matcher(text).matches()) {
      return ofDate(parseDate(text));
    }
    if (RESERVED.contains(text)) {
      throw new BadInputException(
          "'" + text + "' cannot be a label: restore reads it as a day; choose another name");
    }
    if (!SHAPE.matcher(text).matches()) {
      throw new BadInputException(
          "'" + text + "' is not a valid label: use 1-100 characters of lowercase a-z, 0-9, '.', '_' or '-',"
              + " starting with a letter or digit (Elasticsearch snapshot names must be lowercase), or a date"
              + " YYYY-MM-DD");
    }
    return new Label(text);
  }

  /** Parses a strict ISO date, rejecting 2026-02-30 and 2026-2-3 with a message that says why. */
  static LocalDate parseDate(String text) throws BadInputException {
    try {
      return LocalDate.parse(text, DATE);
    } catch (DateTimeException e) {
      throw new BadInputException(
          "'" + text + "' is not a valid date: use YYYY-MM-DD with a day that exists (for example 2026-02-28)");
    }
  }

  public static Label ofDate(LocalDate date) {
    return new Label(DATE.format(date));
  }

  /** The date this label names, when it is a date label. */
  public Optional<LocalDate> date() {
    if (value.length() == 10 && DATE_LIKE.matcher(value).matches()) {
      try {
        return Optional.of(LocalDate.parse(value, DATE));
      } catch (DateTimeException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** Whether {@code text} has the shape of a label, without the reserved-word checks. */
  static boolean looksLikeLabel(String text) {
    return SHAPE.matcher(text).matches();
  }

  @Override
  public int compareTo(Label o) {
    return value.compareTo(o.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
