package io.crvsbackup.store;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns what an operator types ({@code 2026-11-25}, {@code monday}, {@code latest}, a label) into one
 * backup set. Pure: it works on a list of sets, so every rule is tested without a disk.
 *
 * <ul>
 *   <li>a date: the set labelled with it; else the newest restorable set taken that day;
 *   <li>a weekday: the newest restorable set taken on that weekday (an incomplete one is skipped);
 *   <li>{@code latest}: the newest restorable set;
 *   <li>a label: the set with that label.
 * </ul>
 *
 * Anything else is an error that lists the sets that exist.
 */
public final class SetResolver {
  private static final Pattern DATE_LIKE = Pattern.compile("\\d{4}-\\d{1,2}-\\d{1,2}");
  private static final Comparator<BackupSet> NEWEST_FIRST =
      Comparator.comparing(BackupSet::day).thenComparing(BackupSet::created).reversed();

  private SetResolver() {}

  public static Resolution resolve(String when, List<BackupSet> sets) throws BadInputException {
    if (when == null || when.isBlank()) {
      throw new BadInputException("say which set: a date YYYY-MM-DD, a weekday, latest or a label" + existing(sets));
    }
    String word = when.trim().toLowerCase(Locale.ROOT);
    if (word.equals("latest")) {
      return newest(sets, s -> true, "latest", "");
    }
    Optional<DayOfWeek> weekday = weekday(word);
    if (weekday.isPresent()) {
      return newest(sets, s -> s.day().getDayOfWeek() == weekday.get(), word, " taken on a " + word);
    }
    if (DATE_LIKE.matcher(when).matches()) {
      LocalDate date;
      try {
        date = Label.parseDate(when);
      } catch (BadInputException e) {
        throw new BadInputException(e.getMessage() + existing(sets));
      }
      Label label = Label.ofDate(date);
      Optional<BackupSet> exact = sets.stream().filter(s -> s.label().equals(label)).findFirst();
      if (exact.isPresent()) {
        return new Resolution(exact.get(), Optional.empty());
      }
      return newest(sets, s -> s.day().equals(date), when, " taken on " + when);
    }
    if (!Label.looksLikeLabel(when)) {
      throw new BadInputException(
          "'" + when + "' is not a date (YYYY-MM-DD), a weekday (monday..sunday), latest or a set's label"
              + existing(sets));
    }
    return sets.stream()
        .filter(s -> s.label().value().equals(when))
        .findFirst()
        .map(s -> new Resolution(s, Optional.<String>empty()))
        .orElseThrow(
            () ->
                new BadInputException(
                    "there is no set '" + when + "'; it is not a date, a weekday, latest or the label of a set"
                        + existing(sets)));
  }

  private static Resolution newest(
      List<BackupSet> sets, java.util.function.Predicate<BackupSet> match, String asked, String what)
      throws BadInputException {
    List<BackupSet> candidates = sets.stream().filter(match).sorted(NEWEST_FIRST).toList();
    Optional<BackupSet> chosen = candidates.stream().filter(BackupSet::restorable).findFirst();
    if (chosen.isEmpty()) {
      String why =
          candidates.isEmpty()
              ? "there is no set" + what
              : "no set" + what + " is restorable (" + describe(candidates) + ")";
      throw new BadInputException("'" + asked + "': " + why + existing(sets));
    }
    List<BackupSet> skipped = candidates.subList(0, candidates.indexOf(chosen.get()));
    Optional<String> note =
        skipped.isEmpty()
            ? Optional.empty()
            : Optional.of("skipped newer sets that cannot be restored: " + describe(skipped));
    return new Resolution(chosen.get(), note);
  }

  private static Optional<DayOfWeek> weekday(String word) {
    for (DayOfWeek d : DayOfWeek.values()) {
      if (d.name().toLowerCase(Locale.ROOT).equals(word)) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }

  private static String describe(List<BackupSet> sets) {
    return sets.stream().map(s -> s.label() + " " + s.status().word()).collect(Collectors.joining(", "));
  }

  static String existing(List<BackupSet> sets) {
    if (sets.isEmpty()) {
      return ". There are no backup sets yet.";
    }
    return ". Sets that exist: "
        + sets.stream()
            .sorted(NEWEST_FIRST)
            .map(s -> s.label() + " (" + s.status().word() + ", " + s.day().getDayOfWeek().name().toLowerCase(Locale.ROOT) + ")")
            .collect(Collectors.joining(", "));
  }
}
