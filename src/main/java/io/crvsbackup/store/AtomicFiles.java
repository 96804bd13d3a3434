package io.crvsbackup.store;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Writes files so that readers never see half of one under its final name: the bytes go to {@code
 * <name>.partial} in the same directory, are hashed while they stream, fsync'd, and renamed atomically;
 * then the directory is fsync'd. A failure removes the partial file and leaves any earlier file alone.
 */
public final class AtomicFiles {
  private static final int BUFFER = 256 * 1024;

  /** Produces a file's content. */
  @FunctionalInterface
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  /** Judges a written file by its size and SHA-256 before it gets its name. */
  @FunctionalInterface
  public interface Check {
    /** @throws IOException when the file must not be placed; it is then deleted */
    void accept(long size, String sha256) throws IOException;
  }

  private AtomicFiles() {}

  public static WrittenFile write(Path target, byte[] bytes) throws IOException {
    return write(target, out -> out.write(bytes));
  }

  /**
   * Writes {@code content} to {@code target} atomically.
   *
   * @return the final path with the size and SHA-256 of what was written
   * @throws IOException when writing, syncing or renaming fails; the partial file is then gone
   */
  public static WrittenFile write(Path target, Content content) throws IOException {
    return write(target, content, (size, sha256) -> { });
  }

  /**
   * Writes {@code content} to {@code target} atomically, if {@code check} accepts its size and SHA-256 (the
   * hash taken while it streamed, so a caller that must compare it need not hash it again).
   *
   * @return the final path with the size and SHA-256 of what was written
   * @throws IOException when writing, syncing or renaming fails, or {@code check} refuses; the partial file
   *     is then gone
   */
  public static WrittenFile write(Path target, Content content, Check check) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path partial = dir.resolve(target.getFileName() + Layout.PARTIAL_SUFFIX);
    MessageDigest sha = sha256();
    long size;
    String hex;
    try (FileChannel channel =
        FileChannel.open(
            partial,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      CountingOutputStream counter =
          new CountingOutputStream(new DigestOutputStream(Channels.newOutputStream(channel), sha));
      try (OutputStream out = new BufferedOutputStream(new NonClosing(counter), BUFFER)) {
        content.writeTo(out);
      }
      size = counter.count;
      hex = HexFormat.of().formatHex(sha.digest());
      check.accept(size, hex);
      channel.force(true);
    } catch (IOException | RuntimeException e) {
      deleteQuietly(partial, e);
      throw e;
    }
    try {
      Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      deleteQuietly(partial, e);
      throw new IOException("cannot rename " + partial + " atomically to " + target, e);
    } catch (IOException e) {
      deleteQuietly(partial, e);
      throw e;
    }
    syncDirectory(dir);
    return new WrittenFile(target, size, hex);
  }

  /** Flushes a directory's entries (new names, renames) to disk. */
  public static void syncDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  private static void deleteQuietly(Path p, Exception cause) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      cause.addSuppressed(e);
    }
  }

  /** Counts bytes on their way to the file. */
  private static final class CountingOutputStream extends FilterOutputStream {
    private long count;

    CountingOutputStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }
  }

  /** Keeps the content writer from closing the channel before it is fsync'd. */
  private static final class NonClosing extends FilterOutputStream {
    NonClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      out.flush();
    }
  }
}
