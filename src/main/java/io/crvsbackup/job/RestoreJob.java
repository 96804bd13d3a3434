package io.crvsbackup.job;

import io.crvsbackup.store.BackupSet;
import io.crvsbackup.store.BackupStore;
import io.crvsbackup.store.Layout;
import io.crvsbackup.store.Resolution;
import io.crvsbackup.store.StoreException;
import io.crvsbackup.store.VerifyReport;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A restore: resolve the set, verify it completely (checksums, then every engine's offline check)
 * before anything is touched, show the plan, and only after confirmation replace each engine's data.
 * A failing engine does not stop the others; the outcome says which failed and why.
 */
public final class RestoreJob {
  private final BackupStore store;
  private final List<Engine> engines;
  private final JobListener listener;

  public RestoreJob(BackupStore store, List<Engine> engines, JobListener listener) {
    this.store = store;
    this.engines = List.copyOf(engines);
    this.listener = listener;
  }

  /**
   * Resolves and verifies; touches nothing.
   *
   * @param only engine names to restore; empty for every engine the set has data for
   * @throws RestoreRefusedException when the set is incomplete or fails verification
   * @throws StoreException when the set cannot be resolved (a {@link io.crvsbackup.store.BadInputException})
   */
  public RestorePlan prepare(String when, List<String> only, Map<String, String> renames)
      throws StoreException, RestoreRefusedException {
    Resolution r = store.resolve(when);
    BackupSet set = r.set();
    if (!set.restorable()) {
      throw new RestoreRefusedException(
          "set " + set.label() + " is " + set.status().word() + " and cannot be restored; nothing was touched",
          set.problem().map(List::of).orElse(List.of()));
    }
    List<Engine> chosen = new ArrayList<>();
    for (Engine e : engines) {
      if (set.engines().contains(e.name()) && (only.isEmpty() || only.contains(e.name()))) {
        chosen.add(e);
      }
    }
    for (String name : only) {
      if (!set.engines().contains(name)) {
        throw new io.crvsbackup.store.BadInputException(
            "set " + set.label() + " has no " + name + " data (it has: " + String.join(", ", set.engines()) + ")");
      }
      if (engines.stream().noneMatch(e -> e.name().equals(name))) {
        throw new io.crvsbackup.store.BadInputException(name + " cannot be restored by this build");
      }
    }
    if (chosen.isEmpty()) {
      throw new io.crvsbackup.store.BadInputException(
          "set " + set.label() + " holds data only for " + String.join(", ", set.engines())
              + ", which this build cannot restore; nothing was touched");
    }
    listener.info("verify", "verifying set " + set.label() + " before anything is touched");
    VerifyReport report = new VerifyJob(store, chosen, listener).run(set);
    List<String> problems = report.problems();
    if (!problems.isEmpty()) {
      throw new RestoreRefusedException(
          "set " + set.label() + " failed verification (" + problems.size() + " problem(s)); nothing was touched",
          problems);
    }
    Map<String, List<Path>> files = new LinkedHashMap<>();
    for (Engine e : chosen) {
      files.put(e.name(), set.files().stream().filter(f -> belongsTo(store.layout(), e.name(), f)).toList());
    }
    return new RestorePlan(set, r.note(), chosen, files, renames, report.bytes());
  }

  private static boolean belongsTo(Layout layout, String engine, Path file) {
    Path dir = switch (engine) {
      case "mongo" -> layout.mongoDir();
      case "influxdb" -> layout.influxDir();
      case "elasticsearch" -> layout.elasticRepository();
      default -> layout.root().resolve(engine);
    };
    return file.toAbsolutePath().normalize().startsWith(dir);
  }

  /** How a restore ended: per engine, its result or its failure. */
  public record Outcome(Map<String, EngineResult> restored, Map<String, String> failed) {
    public boolean ok() {
      return failed.isEmpty();
    }
  }

  /**
   * Replaces the data, engine by engine. The caller holds the store lock (so no backup runs meanwhile)
   * and has stopped whatever writes to the databases.
   */
  public Outcome restoreEngines(RestorePlan plan) {
    Map<String, EngineResult> restored = new LinkedHashMap<>();
    Map<String, String> failed = new LinkedHashMap<>();
    for (Engine e : plan.engines()) {
      Instant start = store.clock().instant();
      listener.engineStarted(e.name(), "restore " + plan.set().label());
      try {
        EngineResult r = e.restore(new RestoreSource(plan.set(), store.layout(), plan.renames(), listener));
        restored.put(e.name(), r);
        r.warnings().forEach(w -> listener.warning(e.name(), w));
        listener.engineFinished(e.name(), Duration.between(start, store.clock().instant()), true, "restored");
      } catch (EngineException | RuntimeException ex) {
        String message = ex.getMessage() == null ? ex.toString() : ex.getMessage();
        failed.put(e.name(), message);
        listener.engineFinished(e.name(), Duration.between(start, store.clock().instant()), false, message);
      }
    }
    return new Outcome(restored, failed);
  }
}
