package io.crvsbackup.daemon;

import io.crvsbackup.store.Manifest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One backup run as {@code serve} knows it: taken by this process, or read back from a set's manifest at
 * start-up.
 *
 * @param label the set's label, or {@code -} when the run never started one (the lock was held)
 * @param started when it began
 * @param finished when it ended
 * @param ok whether the set is complete
 * @param failures what failed, one line each
 * @param manifest the set's manifest, when one was written
 */
record RunRecord(
    String label, Instant started, Instant finished, boolean ok, List<String> failures, Optional<Manifest> manifest) {
  RunRecord {
    failures = List.copyOf(failures);
  }

  static RunRecord of(Manifest m) {
    return new RunRecord(m.label().value(), m.created(), m.finished().orElse(m.created()),
        m.status() == io.crvsbackup.store.SetStatus.COMPLETE,
        m.failures().stream().map(f -> f.engine() + ": " + f.message()).toList(), Optional.of(m));
  }

  Duration took() {
    return Duration.between(started, finished);
  }
}
