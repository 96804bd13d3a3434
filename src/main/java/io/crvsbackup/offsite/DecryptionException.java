package io.crvsbackup.offsite;

import java.io.IOException;

/**
 * A file could not be decrypted or authenticated: a wrong passphrase or key, or a file that was damaged,
 * truncated or altered. It is an {@link IOException} because it surfaces from a stream's read; nothing
 * decrypted so far may be trusted. The message never holds key material.
 */
final class DecryptionException extends IOException {
  private static final long serialVersionUID = 1L;
  private final boolean wrongKey;

  DecryptionException(String message, boolean wrongKey) {
    super(message);
    this.wrongKey = wrongKey;
  }

  /** Whether the key (passphrase, identity) is known to be wrong, rather than the file damaged. */
  boolean wrongKey() {
    return wrongKey;
  }
}
