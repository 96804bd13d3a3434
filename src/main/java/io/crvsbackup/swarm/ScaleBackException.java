package io.crvsbackup.swarm;

import java.util.List;

/**
 * Scaling back did not bring every service to its recorded replicas. {@link #states()} holds the final
 * state of every service of the record, the good ones too; each underlying failure is attached with
 * {@link #addSuppressed}. The journal must be kept so that the scale-back can be tried again.
 */
public final class ScaleBackException extends SwarmException {
  private static final long serialVersionUID = 1L;
  private final transient List<ServiceState> states;

  public ScaleBackException(String message, List<ServiceState> states) {
    super(message);
    this.states = List.copyOf(states);
  }

  public List<ServiceState> states() {
    return states;
  }
}
