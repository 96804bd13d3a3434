package io.crvsbackup.swarm;

/**
 * A swarm operation failed or was refused. The message names the operation and the object (the
 * service, the stack, the socket) and says what the operator can do; it never holds credentials.
 */
public class SwarmException extends Exception {
  private static final long serialVersionUID = 1L;

  public SwarmException(String message) {
    super(message);
  }

  public SwarmException(String message, Throwable cause) {
    super(message, cause);
  }
}
