package io.crvsbackup.mongo.archive;

/**
 * A piece of an archive breaks the format. The caller knows the archive, namespace and offset and
 * turns this into an {@link ArchiveException}.
 */
final class MalformedException extends Exception {
  private static final long serialVersionUID = 1L;

  MalformedException(String message) {
    super(message);
  }

  MalformedException(String message, Throwable cause) {
    super(message, cause);
  }
}
