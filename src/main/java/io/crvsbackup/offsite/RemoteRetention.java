package io.crvsbackup.offsite;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Which remote sets to delete: a pure function, tested on its own. The rules:
 *
 * <ol>
 *   <li>only complete sets of ours count and can go (ours: pushed by crvs-backup, with its manifest);
 *       OpenCRVS's bundles, pushes under way and anything else are never deleted and do not count;
 *   <li>the {@code keep} newest of them stay (newest by the time the set was taken, then by label);
 *   <li>so the newest complete set always stays ({@code keep} is at least 1).
 * </ol>
 */
final class RemoteRetention {
  private RemoteRetention() {}

  /** A decision about one remote set and its reason. */
  record Decision(RemoteSet set, boolean keep, String reason) {}

  static List<Decision> plan(List<RemoteSet> sets, int keep) {
    if (keep < 1) {
      throw new IllegalArgumentException("remote retention must keep at least 1 set, not " + keep);
    }
    List<RemoteSet> ours = new ArrayList<>(sets.stream()
        .filter(s -> s.problem().isEmpty()
            && (s.kind() == RemoteSet.Kind.COMPLETE || s.kind() == RemoteSet.Kind.IMPORTED))
        .toList());
    ours.sort(Comparator.comparing(RemoteSet::created).thenComparing(RemoteSet::label).reversed());
    List<Decision> out = new ArrayList<>();
    for (RemoteSet s : sets) {
      int rank = ours.indexOf(s);
      if (rank < 0) {
        out.add(new Decision(s, true, s.kind() == RemoteSet.Kind.OPENCRVS ? "not written by crvs-backup"
            : s.problem().isPresent() ? "its manifest cannot be read" : s.kind().word() + ", not counted"));
      } else if (rank == 0) {
        out.add(new Decision(s, true, "newest complete set"));
      } else if (rank < keep) {
        out.add(new Decision(s, true, "among the " + keep + " newest"));
      } else {
        out.add(new Decision(s, false, "older than the " + keep + " newest"));
      }
    }
    return out;
  }
}
