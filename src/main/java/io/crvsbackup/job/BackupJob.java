package io.crvsbackup.job;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crvsbackup.store.Artifact;
import io.crvsbackup.store.BackupStore;
import io.crvsbackup.store.Label;
import io.crvsbackup.store.Manifest;
import io.crvsbackup.store.SetStatus;
import io.crvsbackup.store.StoreException;
import io.crvsbackup.store.StoreLock;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A backup run: lock, mark the start, each engine in turn, the manifest last, then retention. A
 * failing engine does not stop the others, but the set is then {@code incomplete} and the run fails,
 * saying which part failed and why.
 */
public final class BackupJob {
  private final BackupStore store;
  private final List<Engine> engines;
  private final int retentionDays;
  private final String toolVersion;
  private final JobListener listener;
  private final OffsitePush offsite;

  public BackupJob(
      BackupStore store, List<Engine> engines, int retentionDays, String toolVersion, JobListener listener) {
    this(store, engines, retentionDays, toolVersion, listener, OffsitePush.NONE);
  }

  private BackupJob(BackupStore store, List<Engine> engines, int retentionDays, String toolVersion,
      JobListener listener, OffsitePush offsite) {
    this.store = store;
    this.engines = List.copyOf(engines);
    this.retentionDays = retentionDays;
    this.toolVersion = toolVersion;
    this.listener = listener;
    this.offsite = offsite;
  }

  /** The same run, followed by the offsite push once the set is written and the lock released. */
  public BackupJob withOffsite(OffsitePush push) {
    return new BackupJob(store, engines, retentionDays, toolVersion, listener, push);
  }

  /**
   * How a run ended: the set, how many sets retention pruned, and what the offsite push could not copy (a
   * failed push fails the run, but the local set stays complete and the next run pushes what is missing).
   */
  public record Outcome(Manifest manifest, int pruned, List<String> offsiteFailures) {
    public Outcome(Manifest manifest, int pruned) {
      this(manifest, pruned, List.of());
    }

    public Outcome {
      offsiteFailures = List.copyOf(offsiteFailures);
    }

    public boolean ok() {
      return manifest.status() == SetStatus.COMPLETE && offsiteFailures.isEmpty();
    }
  }

  /**
   * Runs the backup.
   *
   * @param label the set's label; today's date when absent
   * @throws StoreException when the store itself fails (lock held, label taken, disk): nothing was
   *     backed up, or the set is left marked as interrupted
   */
  public Outcome run(Optional<Label> label) throws StoreException {
    Label l = label.orElseGet(() -> Label.ofDate(LocalDate.now(store.clock())));
    Outcome local;
    try (StoreLock lock = store.lock("backup " + l, w -> listener.warning("store", w))) {
      local = runLocked(l);
    } catch (IOException e) {
      throw new StoreException("cannot release the store lock: " + e.getMessage(), e);
    }
    if (local.manifest().status() != SetStatus.COMPLETE) {
      return local;
    }
    return new Outcome(local.manifest(), local.pruned(), offsite.push(l, listener));
  }

  private Outcome runLocked(Label label) throws StoreException {
    Instant created = store.clock().instant();
    store.beginRun(label);
    List<Artifact> artifacts = new ArrayList<>();
    Map<String, JsonNode> facts = new LinkedHashMap<>();
    List<Manifest.Failure> failures = new ArrayList<>();
    if (engines.isEmpty()) {
      failures.add(new Manifest.Failure("backup", "no engine is configured; nothing was backed up"));
    }
    for (Engine engine : engines) {
      Instant start = store.clock().instant();
      ObjectNode engineFacts;
      try {
        EngineResult r = engine.backup(new BackupTarget(label, store.layout(), listener));
        artifacts.addAll(r.artifacts());
        engineFacts = r.facts() instanceof ObjectNode o ? o.deepCopy() : JsonNodeFactory.instance.objectNode();
        if (!r.warnings().isEmpty()) {
          r.warnings().forEach(engineFacts.putArray("warnings")::add);
        }
        engineFacts.put("ok", true);
        listener.engineFinished(engine.name(), Duration.between(start, store.clock().instant()), true,
            r.artifacts().size() + " file(s)");
      } catch (EngineException | RuntimeException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        failures.add(new Manifest.Failure(engine.name(), message));
        engineFacts = JsonNodeFactory.instance.objectNode().put("ok", false).put("error", message);
        listener.engineFinished(engine.name(), Duration.between(start, store.clock().instant()), false, message);
      }
      engineFacts.put("durationMs", Duration.between(start, store.clock().instant()).toMillis());
      facts.put(engine.name(), engineFacts);
    }
    Manifest manifest = new Manifest(
        label,
        failures.isEmpty() ? SetStatus.COMPLETE : SetStatus.INCOMPLETE,
        created,
        Optional.of(store.clock().instant()),
        toolVersion,
        artifacts,
        facts,
        failures);
    store.finishRun(manifest);
    int pruned = 0;
    if (manifest.status() == SetStatus.COMPLETE) {
      pruned = new PruneJob(store, engines, listener).run(store.planPrune(retentionDays)).deleted().size();
    }
    return new Outcome(manifest, pruned);
  }
}
