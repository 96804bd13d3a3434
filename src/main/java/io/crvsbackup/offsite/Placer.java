package io.crvsbackup.offsite;

import io.crvsbackup.store.AtomicFiles;
import io.crvsbackup.store.Layout;
import io.crvsbackup.store.WrittenFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Places pulled files under {@code BACKUP_DIR} through {@link AtomicFiles} (partial name, fsync, rename),
 * each recorded in the pull's journal first, and each checked against its expected size and hash before
 * it gets its name. An existing file is never overwritten: one with the expected content is kept as it
 * is, any other stops the pull.
 */
final class Placer {
  /** As large as {@link AtomicFiles}' buffer, so that every write goes straight through it. */
  private static final int BUFFER = 256 * 1024;
  private final Layout layout;
  private final PullJournal journal;
  private int files;
  private long bytes;

  Placer(Layout layout, PullJournal journal) {
    this.layout = layout;
    this.journal = journal;
  }

  /** The outcome of one file. */
  record Placed(Path path, long size, String sha256, boolean existed) {}

  /**
   * @param expected the size and hash the file must have, when known
   * @throws IOException with a {@link DecryptionException}, a tar error or a {@link MismatchException} when
   *     the content is not what it must be; the file is then not placed
   */
  Placed place(String relative, InputStream in, Optional<RemoteManifest.PlainFile> expected) throws IOException {
    Path target = layout.root().resolve(RemoteManifest.path(relative)).normalize();
    if (!target.startsWith(layout.root()) || target.equals(layout.root())) {
      throw new MismatchException("refused to place " + relative + " outside BACKUP_DIR");
    }
    if (Files.exists(target)) {
      String sha = EsMirror.sha256(target);
      if (expected.isPresent() && expected.get().sha256().equals(sha)) {
        in.transferTo(java.io.OutputStream.nullOutputStream());
        return new Placed(target, Files.size(target), sha, true);
      }
      throw new ExistsException(target);
    }
    journal.add(target);
    WrittenFile written = AtomicFiles.write(target, out -> {
      byte[] buf = new byte[BUFFER];
      int n;
      while ((n = in.read(buf)) >= 0) {
        out.write(buf, 0, n);
      }
    }, (size, sha) -> {
      if (expected.isPresent() && (size != expected.get().size() || !sha.equals(expected.get().sha256()))) {
        throw new MismatchException(relative + " does not match its manifest (" + size + " bytes, sha256 " + sha
            + "; expected " + expected.get().size() + " bytes, " + expected.get().sha256()
            + "): the copy on the backup server is " + (size < expected.get().size() ? "truncated" : "damaged")
            + " or was altered");
      }
    });
    synchronized (this) {
      files++;
      bytes += written.size();
    }
    return new Placed(target, written.size(), written.sha256(), false);
  }

  synchronized int files() {
    return files;
  }

  synchronized long bytes() {
    return bytes;
  }

  /** A pulled file is not what its manifest says. */
  static final class MismatchException extends IOException {
    private static final long serialVersionUID = 1L;

    MismatchException(String message) {
      super(message);
    }
  }

  /** A file with another content is where a pulled file would go. */
  static final class ExistsException extends IOException {
    private static final long serialVersionUID = 1L;
    private final Path path;

    ExistsException(Path path) {
      super(path + " exists already with other content; it is left alone, so the set is not pulled (move it away"
          + " and pull again)");
      this.path = path;
    }

    Path path() {
      return path;
    }
  }
}
