package io.crvsbackup.swarm;

import java.util.ArrayList;
import java.util.List;

/**
 * What a restore does to each service of the stack, decided before anything is touched: a pure function
 * of the discovered stack, so {@code --dry-run} shows exactly what a real run does.
 *
 * @param stack the discovered stack
 * @param services every service, in the stack's order, with what happens to it
 * @param problems why the restore must not scale (global services without --force); empty when it may
 * @param warnings what the operator should read (global services left running with --force)
 */
public record ScalePlan(
    StackServices stack, List<PlannedService> services, List<String> problems, List<String> warnings) {

  public ScalePlan {
    services = List.copyOf(services);
    problems = List.copyOf(problems);
    warnings = List.copyOf(warnings);
  }

  /** What happens to one service. */
  public enum Action {
    /** Scaled to 0 before the databases are restored, and back to {@code replicasAfter} afterwards. */
    SCALE,
    /** Not scaled: it keeps running, or stays as it is; the reason says why. */
    LEAVE,
    /** Cannot be scaled and the restore is refused for it (a global service without --force). */
    REFUSE
  }

  /**
   * @param service the service as discovered
   * @param action what happens to it
   * @param replicasAfter for {@link Action#SCALE}: the replicas it comes back to
   * @param reason one line for the plan ("global mode: cannot be scaled to 0")
   */
  public record PlannedService(ServiceInfo service, Action action, int replicasAfter, String reason) {}

  /**
   * Decides, for every service of the stack, whether it is scaled to 0 during the restore.
   *
   * @param force the operator's {@code --force}: global services are then left running instead of refused
   */
  public static ScalePlan of(StackServices stack, boolean force) {
    List<PlannedService> out = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    List<String> warnings = new ArrayList<>(stack.warnings());
    for (StackService s : stack.services()) {
      ServiceInfo info = s.info();
      switch (s.role()) {
        case DATABASE -> out.add(leave(info, "database (" + s.database().orElseThrow().engine() + " at "
            + s.database().orElseThrow().address() + "): keeps running, its data is replaced"));
        case SELF -> out.add(leave(info, "this backup service"));
        case KEEP_RUNNING -> out.add(leave(info, "label " + StackRules.KEEP_RUNNING_LABEL + "=true: keeps running"));
        case DEPENDENT -> out.add(dependent(info, force, refused, warnings));
        default -> throw new IllegalStateException("unknown role " + s.role());
      }
    }
    List<String> problems = new ArrayList<>();
    if (!refused.isEmpty()) {
      problems.add("stack '" + stack.stack() + "' has services in global mode, which cannot be scaled to 0: "
          + String.join(", ", refused) + "; label them " + StackRules.KEEP_RUNNING_LABEL
          + "=true to leave them running during every restore, or add --force to leave them running this time");
    }
    return new ScalePlan(stack, out, problems, warnings);
  }

  private static PlannedService dependent(ServiceInfo s, boolean force, List<String> refused, List<String> warnings) {
    switch (s.mode()) {
      case GLOBAL -> {
        if (!force) {
          refused.add(s.name());
          return new PlannedService(
              s, Action.REFUSE, 0, "global mode: cannot be scaled to 0 (refused without --force)");
        }
        warnings.add(s.name() + " runs in global mode and cannot be scaled to 0: it keeps running during the"
            + " restore (--force)");
        return leave(s, "global mode: cannot be scaled to 0, keeps running (--force)");
      }
      case REPLICATED_JOB, GLOBAL_JOB -> {
        return leave(s, s.mode().word() + ": runs to completion, not scaled");
      }
      default -> {
        // replicated: below
      }
    }
    if (s.replicas() == 0) {
      return s.scaledDownFrom()
          .map(n -> new PlannedService(s, Action.SCALE, n,
              "still at 0 after an interrupted restore (label " + ServiceInfo.SCALED_DOWN_FROM + "=" + n + ")"))
          .orElseGet(() -> leave(s, "already at 0 replicas: stays at 0"));
    }
    if (s.oneShot() && s.live() == 0) {
      return leave(s, "one-shot task (restart condition " + s.restartCondition() + ") that has finished: not re-run");
    }
    return new PlannedService(s, Action.SCALE, s.replicas(), "");
  }

  private static PlannedService leave(ServiceInfo s, String reason) {
    return new PlannedService(s, Action.LEAVE, 0, reason);
  }

  /** The services scaled to 0. */
  public List<PlannedService> toScale() {
    return services.stream().filter(p -> p.action() == Action.SCALE).toList();
  }

  /** The journal's swarm part: complete before anything is scaled. */
  public ScaleRecord record() {
    return new ScaleRecord(stack.stack(), toScale().stream()
        .map(p -> new ScaleRecord.Entry(p.service().id(), p.service().name(), p.replicasAfter()))
        .toList());
  }

  /** @throws SwarmException with every problem when the restore must not scale this stack */
  public void check() throws SwarmException {
    if (!problems.isEmpty()) {
      throw new SwarmException(String.join("\n", problems));
    }
  }

  /** The plan as lines for the operator; see {@link PlanText}. */
  public List<String> lines() {
    return PlanText.lines(this);
  }
}
