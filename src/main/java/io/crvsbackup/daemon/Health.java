package io.crvsbackup.daemon;

import io.crvsbackup.config.CronExpression;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether backups are happening, as {@code /health} answers it. Healthy only when every rule holds:
 *
 * <ul>
 *   <li>no restore journal is present (a restore that did not finish may have left services at 0);
 *   <li>no run has gone on longer than the run limit (stuck);
 *   <li>there is a complete set of ours, or serve started recently and its first scheduled run has not
 *       yet had its time (a new install is healthy until then);
 *   <li>the last run succeeded;
 *   <li>the last good set is recent: younger than {@code BACKUP_MAX_AGE_HOURS} when that is set, else no
 *       scheduled run has been missed since it was taken (the next fire time after its start, plus the
 *       run limit for the run to finish, has not passed).
 * </ul>
 *
 * A pure function of its inputs, so it is tested as a table.
 */
final class Health {
  private Health() {}

  /** What the verdict depends on. */
  record Inputs(
      Instant now,
      ZoneId zone,
      CronExpression schedule,
      Optional<Duration> maxAge,
      Duration runLimit,
      Optional<RunRecord> last,
      Optional<RunRecord> lastSuccess,
      Optional<Instant> runningSince,
      Optional<String> journal,
      Instant serving) {}

  /** The answer, with one reason per rule that fails. */
  record Verdict(boolean healthy, List<String> reasons) {
    Verdict {
      reasons = List.copyOf(reasons);
    }
  }

  static Verdict evaluate(Inputs in) {
    List<String> reasons = new ArrayList<>();
    in.journal().ifPresent(j -> reasons.add("a restore did not finish (" + j + "); services may still be scaled"
        + " down: run 'restore --resume'"));
    in.runningSince().ifPresent(since -> {
      if (Duration.between(since, in.now()).compareTo(in.runLimit()) > 0) {
        reasons.add("a backup has been running since " + since + ", longer than BACKUP_RUN_LIMIT_HOURS ("
            + in.runLimit().toHours() + "h): it looks stuck");
      }
    });
    if (in.lastSuccess().isEmpty()) {
      // A new install has no set until its first scheduled run: healthy until that run is due and
      // has had its time, so that Swarm does not replace a sidecar that has done nothing wrong.
      Optional<Instant> firstDue = in.schedule().next(in.serving().atZone(in.zone())).map(t -> t.toInstant());
      boolean overdue = firstDue.isEmpty() || in.now().isAfter(firstDue.get().plus(in.runLimit()));
      if (overdue || in.last().isPresent()) {
        reasons.add("there is no complete backup set yet" + firstDue.map(d -> ": the run due at " + d
            + " has not succeeded").orElse(""));
      }
    }
    in.last().filter(r -> !r.ok()).ifPresent(r -> reasons.add("the last backup run (" + r.label() + ", "
        + r.started() + ") failed: " + (r.failures().isEmpty() ? "unknown reason" : String.join("; ", r.failures()))));
    in.lastSuccess().flatMap(s -> stale(in, s)).ifPresent(reasons::add);
    return new Verdict(reasons.isEmpty(), reasons);
  }

  private static Optional<String> stale(Inputs in, RunRecord success) {
    if (in.maxAge().isPresent()) {
      if (Duration.between(success.finished(), in.now()).compareTo(in.maxAge().get()) > 0) {
        return Optional.of("the newest complete set (" + success.label() + ", " + success.finished() + ") is older"
            + " than BACKUP_MAX_AGE_HOURS (" + in.maxAge().get().toHours() + "h)");
      }
      return Optional.empty();
    }
    Optional<Instant> due = in.schedule().next(success.started().atZone(in.zone())).map(t -> t.toInstant());
    if (due.isPresent() && in.now().isAfter(due.get().plus(in.runLimit()))) {
      return Optional.of("no complete backup since " + success.label() + " (" + success.finished()
          + "): the run due at " + due.get() + " (BACKUP_SCHEDULE '" + in.schedule() + "') has not succeeded");
    }
    return Optional.empty();
  }
}
