package io.crvsbackup.swarm;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Brings the services of a {@link ScaleRecord} back to their recorded replicas, then waits until each
 * runs them. Every service is tried, whatever happened to the others; every failure is kept.
 *
 * <p>Per service: gone (removed, or the stack was redeployed) is reported and left; still carrying our
 * {@link ServiceInfo#SCALED_DOWN_FROM} label, or at 0, it is scaled to the recorded replicas and the
 * label removed; already at the recorded replicas, it is only waited for; at some other count, someone
 * changed it since the scale-down, and it is left as it is.
 */
final class ScaleBack {
  private final Scaler scaler;
  private final TaskWatch watch;

  ScaleBack(Scaler scaler, TaskWatch watch) {
    this.scaler = scaler;
    this.watch = watch;
  }

  List<ServiceState> run(ScaleRecord record, ScaleOptions options, SwarmProgress progress) throws ScaleBackException {
    boolean interrupted = Thread.interrupted(); // bringing services back must not stop half-way
    List<Exception> failures = new ArrayList<>();
    Map<String, ServiceState> settled = new LinkedHashMap<>();
    List<TaskWatch.Target> targets = new ArrayList<>();
    try {
      for (ScaleRecord.Entry e : record.services()) {
        try {
          decide(e, settled, targets, progress);
        } catch (SwarmException ex) {
          failures.add(ex);
          settled.put(e.id(), new ServiceState(e.id(), e.name(), e.replicas(), 0, false, ex.getMessage()));
          progress.warning(ex.getMessage());
        }
      }
      if (!targets.isEmpty()) {
        try {
          List<ServiceState> states = watch.awaitConverged(
              targets, options.startTimeout(), options.stableFor(), options.pollInterval(), progress);
          states.forEach(s -> settled.put(s.id(), s));
        } catch (InterruptedException ex) {
          interrupted = true;
          for (TaskWatch.Target t : targets) {
            settled.put(t.id(), new ServiceState(t.id(), t.name(), t.replicas(), 0, false,
                "scaled to " + t.replicas() + ", but the wait for its tasks was interrupted"));
          }
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    List<ServiceState> states = record.services().stream().map(e -> settled.get(e.id())).toList();
    List<ServiceState> bad = states.stream().filter(s -> !s.ok()).toList();
    if (bad.isEmpty()) {
      return states;
    }
    bad.stream().filter(s -> failures.stream().noneMatch(f -> f.getMessage().equals(s.detail())))
        .forEach(s -> progress.warning(s.name() + ": " + s.detail()));
    ScaleBackException ex = new ScaleBackException(bad.size() + " of " + states.size()
        + " service(s) of stack '" + record.stack() + "' did not come back: "
        + String.join("; ", bad.stream().map(ServiceState::toString).toList()), states);
    failures.forEach(ex::addSuppressed);
    throw ex;
  }

  private void decide(ScaleRecord.Entry e, Map<String, ServiceState> settled, List<TaskWatch.Target> targets,
      SwarmProgress progress) throws SwarmException {
    JsonNode service = scaler.inspect(e.id()).orElse(null);
    if (service == null) {
      String detail = "gone: no service has id " + e.id() + " any more (removed, or the stack was redeployed);"
          + " nothing to scale back";
      progress.warning(e.name() + ": " + detail);
      settled.put(e.id(), new ServiceState(e.id(), e.name(), e.replicas(), 0, true, detail));
      return;
    }
    ServiceInfo now = Services.read(service, List.of());
    boolean restart = !now.restartCondition().equals("any");
    if (now.mode() != ServiceInfo.Mode.REPLICATED) {
      throw new SwarmException(e.name() + ": cannot scale back to " + e.replicas() + ", it is now a "
          + now.mode().word() + " service");
    }
    boolean ours = now.labels().containsKey(ServiceInfo.SCALED_DOWN_FROM);
    if (ours || now.replicas() == 0) {
      Instant since = scaler.scale(e.id(), e.name(), e.replicas(), OptionalInt.of(0));
      progress.info("scaled " + e.name() + " from " + now.replicas() + " back to " + e.replicas());
      targets.add(new TaskWatch.Target(e.id(), e.name(), e.replicas(), restart, since));
    } else if (now.replicas() == e.replicas()) {
      targets.add(new TaskWatch.Target(e.id(), e.name(), e.replicas(), restart, Instant.EPOCH));
    } else {
      String detail = "left at " + now.replicas() + " replicas: someone changed it since the scale-down (it had "
          + e.replicas() + ")";
      progress.warning(e.name() + ": " + detail);
      settled.put(e.id(), new ServiceState(e.id(), e.name(), now.replicas(), 0, true, detail));
    }
  }
}
