package io.crvsbackup.swarm;

import java.util.ArrayList;
import java.util.List;

/** The swarm part of a restore plan, as the operator reads it before confirming. */
final class PlanText {
  private PlanText() {}

  static List<String> lines(ScalePlan plan) {
    List<ScalePlan.PlannedService> services = plan.services();
    int width = services.stream().mapToInt(p -> p.service().name().length()).max().orElse(0);
    List<String> out = new ArrayList<>();
    List<ScalePlan.PlannedService> scale = plan.toScale();
    out.add("Stack " + plan.stack().stack() + ": " + services.size() + " service(s), " + scale.size()
        + " scaled to 0 during the restore and back afterwards");
    if (!scale.isEmpty()) {
      out.add("  scaled to 0, then back:");
      for (var p : scale) {
        String from = p.service().replicas() == p.replicasAfter()
            ? p.replicasAfter() + " -> 0"
            : p.service().replicas() + " now";
        out.add("    " + pad(p.service().name(), width) + "  " + from + " -> " + p.replicasAfter()
            + (p.reason().isEmpty() ? "" : "  (" + p.reason() + ")"));
      }
    }
    section(out, "  refused:", services, ScalePlan.Action.REFUSE, width);
    section(out, "  not scaled:", services, ScalePlan.Action.LEAVE, width);
    if (!plan.stack().mongo().isEmpty()) {
      out.add("  MongoDB replica set " + StackServices.REPLICA_SET + ": " + plan.stack().mongoSeedList()
          + " (" + plan.stack().mongoMembers() + " member" + (plan.stack().mongoMembers() == 1 ? ")" : "s)"));
    }
    plan.warnings().forEach(w -> out.add("  warning: " + w));
    plan.problems().forEach(p -> out.add("  refused: " + p));
    return out;
  }

  private static void section(List<String> out, String title, List<ScalePlan.PlannedService> services,
      ScalePlan.Action action, int width) {
    List<ScalePlan.PlannedService> these = services.stream().filter(p -> p.action() == action).toList();
    if (these.isEmpty()) {
      return;
    }
    out.add(title);
    for (var p : these) {
      out.add("    " + pad(p.service().name(), width) + "  " + p.reason());
    }
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(Math.max(0, width - s.length()));
  }
}
