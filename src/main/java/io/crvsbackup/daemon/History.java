package io.crvsbackup.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import io.crvsbackup.store.BackupSet;
import io.crvsbackup.store.Manifest;
import io.crvsbackup.store.SetStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What {@code serve} remembers about runs: the last run, the last good one, each engine's last good part,
 * the run in progress, and failure counters since start-up. Seeded from the store at start-up, so that a
 * restarted sidecar with a recent complete set is healthy at once. Thread-safe.
 */
final class History {
  /** An engine's last good part of a set. */
  record EngineRun(String engine, String label, Instant finished, Duration took, JsonNode facts, long bytes) {}

  private Optional<RunRecord> last = Optional.empty();
  private Optional<RunRecord> lastSuccess = Optional.empty();
  private Optional<Instant> runningSince = Optional.empty();
  private final Map<String, EngineRun> engines = new TreeMap<>();
  private final Map<String, Long> failures = new TreeMap<>();
  private final Map<String, Long> runs = new TreeMap<>(Map.of("ok", 0L, "failed", 0L, "skipped", 0L));

  /** Seeds from the sets on disk (oldest first): crvs-backup's own sets, newest last. */
  synchronized void seed(List<BackupSet> sets) {
    for (BackupSet s : sets) {
      if (s.status() == SetStatus.IMPORTED) {
        continue;
      }
      if (s.manifest().isPresent()) {
        record(RunRecord.of(s.manifest().get()));
      } else {
        last = Optional.of(new RunRecord(s.label().value(), s.created(), s.created(), false,
            List.of("run interrupted: the set has a start marker but no manifest"), Optional.empty()));
      }
    }
  }

  /**
   * Takes in runs that another process made since (a {@code docker exec <ctr> backup}): every set of
   * ours whose manifest finished after the last run this history knows.
   */
  synchronized void observe(List<BackupSet> sets) {
    Instant known = last.map(RunRecord::finished).orElse(Instant.MIN);
    for (BackupSet s : sets) {
      if (s.status() != SetStatus.IMPORTED && s.manifest().isPresent()) {
        Manifest m = s.manifest().get();
        if (m.finished().orElse(m.created()).isAfter(known)) {
          record(RunRecord.of(m));
        }
      }
    }
  }

  synchronized void started(Instant at) {
    runningSince = Optional.of(at);
  }

  synchronized void finished(RunRecord run) {
    runningSince = Optional.empty();
    record(run);
    runs.merge(run.ok() ? "ok" : "failed", 1L, Long::sum);
    if (run.manifest().isEmpty() && !run.ok()) {
      failures.merge("backup", 1L, Long::sum);
    }
    run.manifest().ifPresent(m -> m.failures().forEach(f -> failures.merge(f.engine(), 1L, Long::sum)));
  }

  synchronized void skipped() {
    runs.merge("skipped", 1L, Long::sum);
  }

  private void record(RunRecord run) {
    last = Optional.of(run);
    if (run.ok()) {
      lastSuccess = Optional.of(run);
    }
    run.manifest().ifPresent(this::engines);
  }

  private void engines(Manifest m) {
    m.engines().forEach((name, facts) -> {
      if (facts.path("ok").asBoolean(false)) {
        long bytes = m.artifacts().stream().filter(a -> a.engine().equals(name)).mapToLong(a -> a.size()).sum();
        engines.put(name, new EngineRun(name, m.label().value(), m.finished().orElse(m.created()),
            Duration.ofMillis(facts.path("durationMs").asLong(0)), facts, bytes));
      }
    });
  }

  synchronized Optional<RunRecord> last() {
    return last;
  }

  synchronized Optional<RunRecord> lastSuccess() {
    return lastSuccess;
  }

  synchronized Optional<Instant> runningSince() {
    return runningSince;
  }

  synchronized Map<String, EngineRun> engines() {
    return Map.copyOf(engines);
  }

  synchronized Map<String, Long> failures() {
    return new TreeMap<>(failures);
  }

  synchronized Map<String, Long> runs() {
    return new TreeMap<>(runs);
  }
}
