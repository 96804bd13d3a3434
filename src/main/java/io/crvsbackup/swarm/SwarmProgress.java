package io.crvsbackup.swarm;

/**
 * What the swarm code tells the operator while it scales and waits: one line per step, readable on a
 * TTY and in a log. The caller adapts it to its own listener.
 */
public interface SwarmProgress {
  /** Does nothing. */
  SwarmProgress NONE = new SwarmProgress() {
    @Override
    public void info(String message) {}

    @Override
    public void warning(String message) {}
  };

  /** A step was taken or a state was reached ("scaled opencrvs_gateway from 2 to 0"). */
  void info(String message);

  /** Something the operator should know about (a service left running, a service that is gone). */
  void warning(String message);
}
