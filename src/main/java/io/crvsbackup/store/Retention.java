package io.crvsbackup.store;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Which sets to keep: a pure function of the sets, today's date and the number of days, tested on its
 * own. The rules, in order:
 *
 * <ol>
 *   <li>when the newest run of ours failed or was interrupted, nothing is deleted (a failing backup must
 *       not eat the good ones);
 *   <li>the newest complete set is never deleted, however old, and neither is the newest restorable set;
 *   <li>sets of the last {@code days} days (today included) and sets dated in the future are kept;
 *   <li>everything older is deleted.
 * </ol>
 */
public final class Retention {
  private Retention() {}

  /** A decision about one set and its reason. */
  public record Decision(BackupSet set, boolean keep, String reason) {}

  public static List<Decision> plan(List<BackupSet> sets, LocalDate today, int days) {
    if (days < 1) {
      throw new IllegalArgumentException("retention must be at least 1 day, not " + days);
    }
    Comparator<BackupSet> byAge = Comparator.comparing(BackupSet::created).thenComparing(BackupSet::day);
    Optional<BackupSet> newestRun =
        sets.stream().filter(s -> s.status() != SetStatus.IMPORTED).max(byAge);
    Optional<BackupSet> newestComplete =
        sets.stream().filter(s -> s.status() == SetStatus.COMPLETE && s.problem().isEmpty()).max(byAge);
    Optional<BackupSet> newestRestorable = sets.stream().filter(BackupSet::restorable).max(byAge);
    boolean frozen = newestRun.isPresent() && newestRun.get().status() == SetStatus.INCOMPLETE;
    LocalDate oldestKept = today.minusDays(days - 1L);
    List<Decision> out = new ArrayList<>();
    for (BackupSet s : sets) {
      if (frozen) {
        out.add(new Decision(s, true, "the newest run (" + newestRun.get().label() + ") did not complete;"
            + " nothing is pruned until a run succeeds"));
      } else if (newestComplete.isPresent() && newestComplete.get() == s) {
        out.add(new Decision(s, true, "newest complete set"));
      } else if (newestRestorable.isPresent() && newestRestorable.get() == s) {
        out.add(new Decision(s, true, "newest restorable set"));
      } else if (!s.day().isBefore(oldestKept)) {
        out.add(new Decision(s, true, "within " + days + (days == 1 ? " day" : " days")));
      } else {
        out.add(new Decision(s, false, "older than " + days + (days == 1 ? " day" : " days")));
      }
    }
    return out;
  }
}
