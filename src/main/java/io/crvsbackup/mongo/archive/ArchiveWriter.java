package io.crvsbackup.mongo.archive;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes a mongodump archive that {@code mongorestore --archive} reads. The prelude is written when
 * the writer is created; then each declared data namespace is opened once, filled with raw BSON
 * documents and ended, and finally {@link #finish()} checks that every declared namespace was ended.
 *
 * <p>Several namespaces may be filled at once from different threads, one thread per {@link
 * NamespaceWriter}: each collects documents into a batch of its own and, when the batch is full,
 * writes it to the archive as one segment behind a namespace header, the way mongodump interleaves
 * collections. Memory is bounded by one batch per open namespace (plus a document that does not
 * fit in a batch, which is written straight through); a writer waiting for the archive waits, so a
 * slow output holds every producer back rather than letting memory grow.
 *
 * <p>The writer does not compress and does not close {@code out}: wrap it in a gzip stream for
 * {@code --gzip} archives, and finish and close that yourself.
 */
public interface ArchiveWriter {
  /** The batch size when none is given. */
  int DEFAULT_BATCH_BYTES = 1024 * 1024;

  /**
   * Writes the magic number and the prelude to {@code out}.
   *
   * @param name what errors call the archive, usually its file name
   */
  static ArchiveWriter create(OutputStream out, String name, ArchivePrelude prelude)
      throws IOException {
    return create(out, name, prelude, DEFAULT_BATCH_BYTES);
  }

  /**
   * As {@link #create(OutputStream, String, ArchivePrelude)}, with the size of each namespace's
   * batch: larger batches mean fewer namespace headers, smaller ones less memory.
   */
  static ArchiveWriter create(OutputStream out, String name, ArchivePrelude prelude, int batchBytes)
      throws IOException {
    if (batchBytes < ArchiveFormat.MIN_DOCUMENT_BYTES) {
      throw new IllegalArgumentException("batch of " + batchBytes + " bytes is too small");
    }
    return new Multiplexer(out, name, prelude, batchBytes);
  }

  /** The prelude that was written. */
  ArchivePrelude prelude();

  /**
   * Opens a declared data namespace for writing: the collection, or {@code system.buckets.<name>}
   * for a time-series collection from a server before 8.3 (see {@link
   * ArchivePrelude#dataNamespace(CollectionMetadata)}). Views and empty collections are opened and
   * ended with no documents, as mongodump does: mongorestore needs their (empty) namespace.
   *
   * @throws IllegalArgumentException when {@code dataNamespace} is not declared
   * @throws IllegalStateException when it was opened before
   */
  NamespaceWriter open(Namespace dataNamespace);

  /**
   * Checks that every declared namespace was ended and flushes {@code out}.
   *
   * @return what was written, per namespace, with each CRC
   * @throws ArchiveException naming the namespaces that were never ended
   * @throws IOException when an earlier write failed, or the flush does
   */
  ArchiveSummary finish() throws IOException, ArchiveException;
}
