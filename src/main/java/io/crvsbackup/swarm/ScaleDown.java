package io.crvsbackup.swarm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Scales a plan's services to 0 and waits until their tasks are really gone. Before touching anything
 * it checks that every service still has the replicas the plan recorded. When an update fails, or the
 * tasks do not stop in time, it scales back what it changed and throws: a failed scale-down leaves the
 * stack as it found it.
 */
final class ScaleDown {
  private final Scaler scaler;
  private final TaskWatch watch;
  private final ScaleBack back;

  ScaleDown(Scaler scaler, TaskWatch watch, ScaleBack back) {
    this.scaler = scaler;
    this.watch = watch;
    this.back = back;
  }

  Quiesce run(ScalePlan plan, ScaleOptions options, SwarmProgress progress) throws SwarmException {
    plan.check();
    ScaleRecord record = plan.record();
    for (ScaleRecord.Entry e : record.services()) {
      unchanged(e);
    }
    return down(record, options, progress);
  }

  /**
   * For a resumed restore: takes a journal's services to 0 again (a crash may have come in the middle of
   * the scale-down, or someone may have scaled one up since) and waits. Services that are gone are left
   * out, with a warning.
   */
  Quiesce again(ScaleRecord record, ScaleOptions options, SwarmProgress progress) throws SwarmException {
    List<ScaleRecord.Entry> present = new ArrayList<>();
    for (ScaleRecord.Entry e : record.services()) {
      if (scaler.inspect(e.id()).isPresent()) {
        present.add(e);
      } else {
        progress.warning(e.name() + " is gone (no service has id " + e.id() + " any more): left out");
      }
    }
    return down(new ScaleRecord(record.stack(), present), options, progress);
  }

  private Quiesce down(ScaleRecord record, ScaleOptions options, SwarmProgress progress) throws SwarmException {
    List<ScaleRecord.Entry> changed = new ArrayList<>();
    for (ScaleRecord.Entry e : record.services()) {
      try {
        scaler.scale(e.id(), e.name(), 0, OptionalInt.of(e.replicas()));
        changed.add(e);
        progress.info("scaled " + e.name() + " from " + e.replicas() + " to 0");
      } catch (SwarmException ex) {
        throw undo(new ScaleRecord(record.stack(), changed), options, progress, ex.getMessage(), ex);
      }
    }
    Map<String, String> names = new LinkedHashMap<>();
    record.services().forEach(e -> names.put(e.id(), e.name()));
    Map<String, String> left;
    try {
      left = watch.awaitGone(names, options.stopTimeout(), options.pollInterval(), progress);
    } catch (InterruptedException ex) {
      SwarmException failure = undo(record, options, progress, "interrupted while waiting for the tasks to stop", ex);
      Thread.currentThread().interrupt();
      throw failure;
    }
    if (!left.isEmpty()) {
      left.values().forEach(progress::warning);
      throw undo(record, options, progress, "the tasks of " + left.size() + " service(s) did not stop within "
          + options.stopTimeout().toSeconds() + " s (" + String.join("; ", left.values()) + ")", null);
    }
    progress.info("every task of the " + record.services().size() + " scaled service(s) has stopped");
    return new Held(record, options, progress);
  }

  /** Refuses when a service changed since the plan was made: the journal would hold wrong counts. */
  private void unchanged(ScaleRecord.Entry e) throws SwarmException {
    JsonNode service = scaler.inspect(e.id()).orElseThrow(() -> new SwarmException(
        e.name() + " no longer exists; it was in the plan: nothing was scaled, make a new plan"));
    ServiceInfo now = Services.read(service, List.of());
    boolean same = now.replicas() == e.replicas()
        || (now.replicas() == 0 && now.scaledDownFrom().orElse(-1) == e.replicas());
    if (now.mode() != ServiceInfo.Mode.REPLICATED || !same) {
      throw new SwarmException(e.name() + " changed since the plan was made (it had " + e.replicas()
          + " replicas, now " + now.replicas() + " as a " + now.mode().word() + " service): nothing was scaled,"
          + " make a new plan");
    }
  }

  /**
   * Scales back after a failed scale-down. When that works, the failure is a plain {@link SwarmException}
   * and the stack is as it was; when it does not, it is a {@link ScaleBackException} (keep the journal).
   */
  private SwarmException undo(ScaleRecord record, ScaleOptions options, SwarmProgress progress, String what,
      Exception cause) {
    if (record.isEmpty()) {
      return new SwarmException(what + "; nothing had been scaled yet; no data was touched", cause);
    }
    try {
      back.run(record, options, progress);
      return new SwarmException(what + "; the " + record.services().size() + " service(s) scaled down were scaled"
          + " back to their replicas; no data was touched", cause);
    } catch (ScaleBackException ex) {
      ScaleBackException worse = new ScaleBackException(what + "; scaling back FAILED as well: " + ex.getMessage()
          + "; no data was touched", ex.states());
      if (cause != null) {
        worse.initCause(cause);
      }
      for (Throwable t : ex.getSuppressed()) {
        worse.addSuppressed(t);
      }
      return worse;
    }
  }

  /** The services held at 0 until {@link #close()}. */
  private final class Held implements Quiesce {
    private final ScaleRecord record;
    private final ScaleOptions options;
    private final SwarmProgress progress;
    private List<ServiceState> states = List.of();
    private boolean closed;

    Held(ScaleRecord record, ScaleOptions options, SwarmProgress progress) {
      this.record = record;
      this.options = options;
      this.progress = progress;
    }

    @Override
    public ScaleRecord record() {
      return record;
    }

    @Override
    public synchronized void close() throws ScaleBackException {
      if (closed) {
        return;
      }
      try {
        states = back.run(record, options, progress);
        closed = true;
      } catch (ScaleBackException ex) {
        states = ex.states();
        throw ex;
      }
    }

    @Override
    public synchronized List<ServiceState> states() {
      return states;
    }
  }
}
