package io.crvsbackup.offsite;

/**
 * An offsite operation failed. The message names the operation, the server or file, and what to do;
 * it never holds a passphrase, a key or a secret's value. {@link #kind()} tells what went wrong, so that
 * callers decide on retries ({@link #retryable()}) and exit codes ({@link #badInput()}).
 */
public final class OffsiteException extends Exception {
  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  public enum Kind {
    /** The server could not be reached (DNS, refused, timed out). Retried. */
    UNREACHABLE(true, false),
    /** The server's host key is unknown or changed. Never retried, never ignored. */
    HOST_KEY(false, true),
    /** The server refused the login. */
    AUTH(false, true),
    /** The private key file is missing, unprotected, unreadable, of an unknown format or wrongly protected. */
    KEY_FILE(false, true),
    /** The server refused to write, read or delete (permissions, an immutable folder). */
    PERMISSION(false, false),
    /** The server's disk is full or too small for the set. */
    DISK_FULL(false, false),
    /** The connection broke or a transfer failed. Retried. */
    TRANSFER(true, false),
    /** A copy failed its checks: damaged, truncated or altered. */
    CORRUPT(false, false),
    /** The passphrase or identity does not open a copy. */
    WRONG_KEY(false, true),
    /** The server holds files that crvs-backup did not write where it would write; they are left alone. */
    FOREIGN(false, false),
    /** No such set on the server or locally. */
    NOT_FOUND(false, true),
    /** The set to pull exists locally already; nothing was changed. */
    EXISTS(false, true),
    /** A local problem: the backup folder, the store, a damaged local file. */
    LOCAL(false, false),
    /** The offsite configuration cannot work (a recipient with a bad checksum, no server configured). */
    CONFIG(false, true);

    private final boolean retryable;
    private final boolean badInput;

    Kind(boolean retryable, boolean badInput) {
      this.retryable = retryable;
      this.badInput = badInput;
    }
  }

  private final Kind kind;

  public OffsiteException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public OffsiteException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  /** Whether trying again later may succeed (a network problem), so that a run retries with backoff. */
  public boolean retryable() {
    return kind.retryable;
  }

  /** Whether the configuration or the operator's input is at fault (exit code 2 in the CLI). */
  public boolean badInput() {
    return kind.badInput;
  }
}
