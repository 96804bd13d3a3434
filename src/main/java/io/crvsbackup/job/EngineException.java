package io.crvsbackup.job;

/**
 * An engine's operation failed. The message names the operation and the object ("dump
 * hearth-dev.Patient from mongo1:27017") and the cause is kept.
 */
public class EngineException extends Exception {
  private static final long serialVersionUID = 1L;

  public EngineException(String message) {
    super(message);
  }

  public EngineException(String message, Throwable cause) {
    super(message, cause);
  }
}
