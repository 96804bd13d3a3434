package io.crvsbackup.store;

/**
 * The operator asked for something that cannot be: a malformed label, a day with no set, a weekday
 * that does not exist. Nothing was changed.
 */
public final class BadInputException extends StoreException {
  private static final long serialVersionUID = 1L;

  public BadInputException(String message) {
    super(message);
  }
}
