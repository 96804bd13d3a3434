package io.crvsbackup.influx;

import java.io.IOException;

/**
 * Bytes that should be part of a portable backup, or an answer of the snapshotter service, break the
 * format. The message names the file or the request; callers add the operation.
 */
final class FormatException extends IOException {
  private static final long serialVersionUID = 1L;

  FormatException(String message) {
    super(message);
  }

  FormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
