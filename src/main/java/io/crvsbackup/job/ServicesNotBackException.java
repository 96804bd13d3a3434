package io.crvsbackup.job;

import java.util.List;

/**
 * Services that a restore scaled down did not all come back. The restore journal is kept, so {@code
 * restore --resume} (or {@code serve} at start-up) tries again; {@link #states()} says where each is.
 */
public final class ServicesNotBackException extends Exception {
  private static final long serialVersionUID = 1L;
  private final transient List<String> states;

  public ServicesNotBackException(String message, List<String> states, Throwable cause) {
    super(message, cause);
    this.states = List.copyOf(states);
  }

  public List<String> states() {
    return states;
  }
}
