package io.crvsbackup.swarm;

import java.util.Map;
import java.util.Optional;

/**
 * One swarm service as discovery saw it.
 *
 * @param id the service id
 * @param name the full name ({@code opencrvs_gateway})
 * @param labels the service's labels (not its containers')
 * @param mode how its tasks are scheduled
 * @param replicas the replicas it asks for; 0 for global services and jobs
 * @param restartCondition {@code any}, {@code on-failure} or {@code none}
 * @param running tasks that should run and do
 * @param live tasks not yet finished, whatever their desired state (a stopping task is live)
 */
public record ServiceInfo(
    String id,
    String name,
    Map<String, String> labels,
    Mode mode,
    int replicas,
    String restartCondition,
    int running,
    int live) {

  /** Label set on a service while it is scaled down by us: the replicas it comes back to. */
  public static final String SCALED_DOWN_FROM = "crvs-backup.scaled-down-from";

  public ServiceInfo {
    labels = Map.copyOf(labels);
  }

  /** How the swarm schedules a service's tasks. */
  public enum Mode {
    REPLICATED("replicated"),
    GLOBAL("global"),
    REPLICATED_JOB("replicated job"),
    GLOBAL_JOB("global job");

    private final String word;

    Mode(String word) {
      this.word = word;
    }

    public String word() {
      return word;
    }
  }

  /** The name without the {@code <stack>_} prefix: the DNS name on the stack's networks. */
  public String shortName(String stack) {
    return name.startsWith(stack + "_") ? name.substring(stack.length() + 1) : name;
  }

  /** Its tasks stop once done (restart condition {@code none} or {@code on-failure}). */
  public boolean oneShot() {
    return !restartCondition.equals("any");
  }

  /** The replicas an interrupted scale-down of ours recorded on the service itself, if any. */
  public Optional<Integer> scaledDownFrom() {
    String v = labels.get(SCALED_DOWN_FROM);
    if (v == null) {
      return Optional.empty();
    }
    try {
      int n = Integer.parseInt(v.trim());
      return n > 0 ? Optional.of(n) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
