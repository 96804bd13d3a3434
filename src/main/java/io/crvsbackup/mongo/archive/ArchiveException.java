package io.crvsbackup.mongo.archive;

import java.util.Optional;

/**
 * An archive cannot be read because it is corrupt, truncated or not an archive at all, or cannot be
 * written because of what it was given. The message names the archive, the namespace when there is
 * one, and for reading the byte offset in the uncompressed archive where the problem was found.
 */
public final class ArchiveException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String archive;
  private final transient Namespace namespace;
  private final long offset;

  private ArchiveException(
      String message, String archive, Namespace namespace, long offset, Throwable cause) {
    super(message, cause);
    this.archive = archive;
    this.namespace = namespace;
    this.offset = offset;
  }

  /**
   * Reading found something that breaks the format.
   *
   * @param namespace the namespace being read, or null when the problem is outside one
   * @param offset where in the uncompressed archive the broken part starts
   */
  static ArchiveException corruption(
      String archive, Namespace namespace, long offset, String detail, Throwable cause) {
    StringBuilder m = new StringBuilder("corruption found in archive ").append(archive);
    if (namespace != null) {
      m.append(", namespace ").append(namespace);
    }
    m.append(", at byte offset ").append(offset).append(": ").append(detail);
    return new ArchiveException(m.toString(), archive, namespace, offset, cause);
  }

  static ArchiveException corruption(
      String archive, Namespace namespace, long offset, String detail) {
    return corruption(archive, namespace, offset, detail, null);
  }

  /** Writing was refused because the archive would not be readable. */
  static ArchiveException refused(String archive, Namespace namespace, String detail) {
    String m =
        "cannot write "
            + (namespace == null ? "" : "namespace " + namespace + " to ")
            + "archive "
            + archive
            + ": "
            + detail;
    return new ArchiveException(m, archive, namespace, -1, null);
  }

  /** The name of the archive, as given when it was opened. */
  public String archive() {
    return archive;
  }

  /** The namespace where the problem is, if it is inside one. */
  public Optional<Namespace> namespace() {
    return Optional.ofNullable(namespace);
  }

  /** The byte offset in the uncompressed archive, or -1 when writing. */
  public long offset() {
    return offset;
  }
}
