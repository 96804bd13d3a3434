package io.crvsbackup.job;

/** The operator did not confirm a restore; nothing was changed. */
public final class NotConfirmedException extends Exception {
  private static final long serialVersionUID = 1L;

  public NotConfirmedException(String message) {
    super(message);
  }
}
