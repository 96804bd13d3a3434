package io.crvsbackup.swarm;

/**
 * The {@code <replicas>} argument is invalid (not 1, 3 or 5) or does not match the stack. Bad input
 * from the operator: nothing was touched.
 */
public final class ReplicasException extends SwarmException {
  private static final long serialVersionUID = 1L;

  public ReplicasException(String message) {
    super(message);
  }
}
