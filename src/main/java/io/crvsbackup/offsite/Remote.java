package io.crvsbackup.offsite;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The file operations offsite copies need on the backup server, over one logged-in connection. Paths are
 * absolute remote paths. Implementations may be used from two threads at once (an upload and the checks
 * of the files before it). Errors are the transport's {@link IOException}s; {@link Failures} turns them
 * into {@link OffsiteException}s that say what to do.
 */
interface Remote extends Closeable {
  /** A file's size, or a folder. */
  record Stat(long size, boolean directory) {}

  /** One entry of a folder. */
  record Entry(String name, long size, boolean directory) {}

  /** {@code user@host:port}, for messages. */
  String server();

  /** Whether the server runs commands ({@code sha256sum}, {@code df}); else checks read files back. */
  boolean execAllowed();

  Optional<Stat> stat(String path) throws IOException;

  /** The folder's entries without {@code .} and {@code ..}; empty when it does not exist. */
  List<Entry> list(String dir) throws IOException;

  /** Creates the folder and its missing parents (mode 0700). */
  void mkdirs(String dir) throws IOException;

  /** A new file (mode 0600), truncated if it exists; the stream's close waits for the server's last ack. */
  OutputStream create(String path) throws IOException;

  InputStream read(String path) throws IOException;

  /** Renames, replacing {@code to} (atomically where the server supports posix-rename). */
  void rename(String from, String to) throws IOException;

  /** Deletes a file; a missing file is not an error. */
  void delete(String path) throws IOException;

  /** Deletes an empty folder; a missing one is not an error. */
  void rmdir(String dir) throws IOException;

  /** A file's size and SHA-256 as the server sees them. */
  record Checked(long size, String sha256) {}

  /**
   * The size and SHA-256 of each file, computed on the server ({@code sha256sum}, {@code stat}) when it runs
   * commands, else by reading the files back.
   *
   * @param bytes their total size, to allow the server time
   */
  Map<String, Checked> check(Collection<String> paths, long bytes) throws IOException;

  /** The SHA-256 of each file; see {@link #check}. */
  default Map<String, String> sha256(Collection<String> paths, long bytes) throws IOException {
    Map<String, String> out = new java.util.HashMap<>();
    check(paths, bytes).forEach((p, c) -> out.put(p, c.sha256()));
    return out;
  }

  /** Renames each {@code from} to its {@code to}, replacing it, with the requests in flight together. */
  default void renameAll(Map<String, String> fromTo) throws IOException {
    for (Map.Entry<String, String> e : fromTo.entrySet()) {
      rename(e.getKey(), e.getValue());
    }
  }

  /** Bytes free for us in the folder's file system, when the server says. */
  OptionalLong available(String dir) throws IOException;
}
