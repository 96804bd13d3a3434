package io.crvsbackup.store;

/** A backup-set store operation failed; the message names the operation and the file or set. */
public class StoreException extends Exception {
  private static final long serialVersionUID = 1L;

  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
