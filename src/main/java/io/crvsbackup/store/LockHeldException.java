package io.crvsbackup.store;

/** Another live process holds the store lock; the message says who and since when. */
public final class LockHeldException extends StoreException {
  private static final long serialVersionUID = 1L;

  public LockHeldException(String message) {
    super(message);
  }
}
