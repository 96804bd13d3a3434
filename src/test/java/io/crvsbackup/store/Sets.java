package io.crvsbackup.store;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/** Hand-built {@link BackupSet}s for the pure functions (resolver, retention). Days are UTC. */
final class Sets {
  private Sets() {}

  /** A set of ours labelled with its date, taken at 00:00:05 that day. */
  static BackupSet complete(String date) {
    return set(date, SetStatus.COMPLETE, date + "T00:00:05Z");
  }

  static BackupSet incomplete(String date) {
    return set(date, SetStatus.INCOMPLETE, date + "T00:00:05Z");
  }

  static BackupSet imported(String date) {
    return set(date, SetStatus.IMPORTED, date + "T00:00:00Z");
  }

  /** A set with any label, taken at {@code created}; its day is its date label, else the UTC date. */
  static BackupSet set(String label, SetStatus status, String created) {
    Label l = new Label(label);
    Instant at = Instant.parse(created);
    LocalDate day = l.date().orElseGet(() -> LocalDate.ofInstant(at, ZoneOffset.UTC));
    return new BackupSet(
        l, status, at, day, Optional.empty(), List.of(), new TreeSet<>(), Optional.empty(), Optional.empty(),
        Optional.empty());
  }

  /** Like {@link #set} but with a problem, as the catalog reports an unreadable manifest. */
  static BackupSet broken(String label, String created) {
    BackupSet s = set(label, SetStatus.INCOMPLETE, created);
    return new BackupSet(
        s.label(), s.status(), s.created(), s.day(), s.manifest(), s.files(), s.engines(), s.snapshot(),
        s.lastVerify(), Optional.of("manifest is not valid JSON"));
  }
}
