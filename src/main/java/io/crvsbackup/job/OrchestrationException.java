package io.crvsbackup.job;

/**
 * The stack could not be discovered or its services could not be scaled down; no data was touched and
 * every service that had been scaled down was brought back.
 */
public final class OrchestrationException extends Exception {
  private static final long serialVersionUID = 1L;

  public OrchestrationException(String message, Throwable cause) {
    super(message, cause);
  }
}
