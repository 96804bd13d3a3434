package io.crvsbackup.swarm;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * The {@code <replicas>} argument of a restore, as OpenCRVS's own restore script takes it: the number of
 * MongoDB replica-set members, 1, 3 or 5.
 */
public final class Replicas {
  /** What OpenCRVS deploys. */
  public static final List<Integer> ALLOWED = List.of(1, 3, 5);

  private Replicas() {}

  /**
   * The number of MongoDB members to restore with.
   *
   * @param requested the operator's {@code <replicas>}, if given
   * @param discovered the {@code mongoN} services counted in the stack; 0 when there is no swarm or no
   *     such service
   * @param stack the stack's name, for messages
   * @param force the operator's {@code --force}: a count that differs from the stack is then accepted
   * @return the count and the warnings to show
   * @throws ReplicasException when {@code requested} is not 1, 3 or 5 (even with force), when it differs
   *     from what was discovered without force, and when nothing was given nor discovered
   */
  public static Choice resolve(OptionalInt requested, int discovered, String stack, boolean force)
      throws ReplicasException {
    List<String> warnings = new ArrayList<>();
    if (requested.isPresent()) {
      int n = requested.getAsInt();
      if (!ALLOWED.contains(n)) {
        throw new ReplicasException("'" + n + "' is not a number of replicas: OpenCRVS runs MongoDB with 1, 3 or 5"
            + " replicas (mongo1..mongoN); give 1, 3 or 5, or leave it out to use what the stack has"
            + (discovered > 0 ? " (" + discovered + ")" : ""));
      }
      if (discovered == 0) {
        warnings.add("no MongoDB service was discovered in stack '" + stack + "'; using the " + n
            + " replica(s) given: mongo1..mongo" + n);
        return new Choice(n, warnings);
      }
      if (n != discovered) {
        if (!force) {
          throw new ReplicasException("you asked for " + n + " replica(s), but stack '" + stack + "' runs "
              + members(discovered) + "; check the number (leave it out to use " + discovered
              + "), or add --force to restore with " + n + " anyway");
        }
        warnings.add("--force: restoring with " + n + " replica(s) although stack '" + stack + "' runs "
            + members(discovered));
      }
      return new Choice(n, warnings);
    }
    if (discovered == 0) {
      throw new ReplicasException("stack '" + stack + "' has no MongoDB service (mongo1..mongo5, or a service"
          + " labelled crvs-backup.engine=mongo), so the number of replicas cannot be discovered; give it: 1, 3 or 5");
    }
    if (!ALLOWED.contains(discovered)) {
      warnings.add("stack '" + stack + "' runs " + members(discovered)
          + "; OpenCRVS deploys 1, 3 or 5: check the stack");
    }
    return new Choice(discovered, warnings);
  }

  private static String members(int n) {
    return n + " MongoDB service" + (n == 1 ? "" : "s") + " (mongo1" + (n > 1 ? "..mongo" + n : "") + ")";
  }

  /**
   * The outcome.
   *
   * @param members N, the replica-set members mongo1..mongoN
   * @param warnings what the plan should show
   */
  public record Choice(int members, List<String> warnings) {
    public Choice {
      warnings = List.copyOf(warnings);
    }
  }
}
