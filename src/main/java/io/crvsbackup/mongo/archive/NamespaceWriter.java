package io.crvsbackup.mongo.archive;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.bson.RawBsonDocument;

/**
 * Writes the documents of one namespace into an archive. One thread uses it; other namespaces may
 * be written at the same time through their own writers. Documents are taken as raw BSON and never
 * decoded; the CRC-64 is computed as they pass.
 *
 * <p>Nothing reaches the archive for this namespace after a failure: a dump that fails half way
 * must not call {@link #end()}, and the archive must be thrown away.
 */
public interface NamespaceWriter {

  Namespace namespace();

  /**
   * Adds one BSON document, checking that its length prefix matches {@code length} and that it
   * ends with a zero byte. The bytes are copied or written before this returns.
   *
   * @throws ArchiveException when the document is malformed or longer than 16 MiB, which
   *     mongorestore would refuse
   * @throws IOException when writing to the archive failed, now or earlier in any namespace
   */
  void write(byte[] document, int offset, int length) throws IOException, ArchiveException;

  default void write(byte[] document) throws IOException, ArchiveException {
    write(document, 0, document.length);
  }

  /** Adds the document between the buffer's position and limit, and moves the position on. */
  void write(ByteBuffer document) throws IOException, ArchiveException;

  /** Adds a document as the driver returns it (from a cursor decoded with RawBsonDocumentCodec). */
  default void write(RawBsonDocument document) throws IOException, ArchiveException {
    write(document.getByteBuffer().asNIO());
  }

  /**
   * Writes what is left of the batch and the namespace's EOF header with its CRC-64.
   *
   * @return the documents, bytes and CRC of the namespace
   */
  NamespaceSummary end() throws IOException;
}
