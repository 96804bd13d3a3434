package io.crvsbackup.mongo.archive;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bson.RawBsonDocument;

/**
 * Reads a mongodump archive, raw or gzipped (one gzip stream or several members one after the
 * other), as a stream of events, checking everything on the way: framing, document sizes,
 * terminators, that each namespace is declared, ends with an EOF and matches its CRC, and that no
 * declared namespace is missing. Memory stays flat: one document at a time.
 *
 * <p>A restore reads an archive twice: once to the end to verify it ({@link #verify(Path)}) before
 * anything is touched, then again to insert what it reads. The second pass checks everything again;
 * stop inserting at the first exception.
 *
 * <pre>{@code
 * try (ArchiveReader r = ArchiveReader.open(file)) {
 *   for (var e = r.next(); e != Event.END_OF_ARCHIVE; e = r.next()) {
 *     if (e == Event.DOCUMENT) insert(r.namespace(), r.rawDocument());
 *   }
 * }
 * }</pre>
 *
 * <p>Not thread-safe.
 */
public interface ArchiveReader extends Closeable {

  /** What {@link #next()} found. */
  enum Event {
    /** A document of {@link #namespace()}, in {@link #document()}. */
    DOCUMENT,
    /** The EOF of {@link #namespace()}; its CRC matched; see {@link #namespaceSummary()}. */
    END_OF_NAMESPACE,
    /** The archive ended and every check passed; see {@link #summary()}. */
    END_OF_ARCHIVE
  }

  /**
   * Opens an archive file and reads its prelude.
   *
   * @throws ArchiveException when the file is not an archive or its prelude is corrupt
   */
  static ArchiveReader open(Path file) throws IOException, ArchiveException {
    return open(Files.newInputStream(file), file.getFileName().toString());
  }

  /**
   * Reads an archive from {@code in}, which the reader then owns and closes. A stream that starts
   * with the gzip magic bytes 1f 8b is decompressed.
   *
   * @param name what errors call the archive, usually its file name
   */
  static ArchiveReader open(InputStream in, String name) throws IOException, ArchiveException {
    try {
      BufferedInputStream buffered = new BufferedInputStream(in, 64 * 1024);
      buffered.mark(2);
      int b0 = buffered.read();
      int b1 = buffered.read();
      buffered.reset();
      boolean gzip = b0 == 0x1f && b1 == 0x8b;
      InputStream archive =
          gzip ? new BufferedInputStream(new GzipMembersInputStream(buffered), 64 * 1024) : buffered;
      return new Demultiplexer(archive, name);
    } catch (IOException | ArchiveException | RuntimeException e) {
      try {
        in.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /**
   * Reads an archive file to its end and checks it, without keeping anything but counts.
   *
   * @return what the archive holds, per namespace
   * @throws ArchiveException at the first problem, naming the namespace and offset
   */
  static ArchiveSummary verify(Path file) throws IOException, ArchiveException {
    try (ArchiveReader r = open(file)) {
      Event e = r.next();
      while (e != Event.END_OF_ARCHIVE) {
        e = r.next();
      }
      return r.summary();
    }
  }

  /** The archive's header and declarations, read by {@code open}. */
  ArchivePrelude prelude();

  /**
   * Reads on to the next document or namespace end. After {@link Event#END_OF_ARCHIVE} it keeps
   * returning that.
   *
   * @throws ArchiveException when the archive is corrupt or truncated; the reader is then spent
   */
  Event next() throws IOException, ArchiveException;

  /** The namespace of the current document or namespace end. */
  Namespace namespace();

  /** The current document, read-only, valid until the next call to {@link #next()}. */
  ByteBuffer document();

  /** A copy of the current document, for keeping (as {@code new RawBsonDocument(bytes)}). */
  byte[] documentBytes();

  /** A copy of the current document as the driver's raw document, ready to insert. */
  default RawBsonDocument rawDocument() {
    return new RawBsonDocument(documentBytes());
  }

  /** The namespace that just ended: documents, bytes and the CRC that matched. */
  NamespaceSummary namespaceSummary();

  /** Everything the archive held, once {@link Event#END_OF_ARCHIVE} was returned. */
  ArchiveSummary summary();

  /** The offset in the uncompressed archive where the current document or header starts. */
  long offset();
}
