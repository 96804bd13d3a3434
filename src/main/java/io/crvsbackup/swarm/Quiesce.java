package io.crvsbackup.swarm;

import java.util.List;

/**
 * Dependent services held at 0 replicas. {@link #close()} brings them back; use it in
 * try-with-resources, and also from a shutdown hook: close is thread-safe, and once it has succeeded
 * further calls do nothing.
 */
public interface Quiesce extends AutoCloseable {
  /** What was scaled down and the replicas each comes back to (the same as the plan's record). */
  ScaleRecord record();

  /**
   * Scales every recorded service back to its replicas and waits until each runs them (or the start
   * timeout passes), trying every service whatever happens to the others. When it fails it can be
   * called again.
   *
   * @throws ScaleBackException when a service did not come back; it lists every service's final state
   *     and carries each failure as a suppressed exception
   */
  @Override
  void close() throws ScaleBackException;

  /** Every service's final state after a {@link #close()}; empty before. */
  List<ServiceState> states();
}
