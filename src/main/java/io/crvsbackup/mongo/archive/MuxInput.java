package io.crvsbackup.mongo.archive;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * One namespace's way into a {@link Multiplexer}: checks each document, adds it to the CRC-64, and
 * gathers documents into a batch that goes to the archive when full. Used by one thread.
 */
final class MuxInput implements NamespaceWriter {
  private final Multiplexer mux;
  private final String archive;
  private final Namespace namespace;
  private final byte[] header;
  private final int batchBytes;
  private final Crc64 crc = new Crc64();
  private byte[] batch;
  private int used;
  private long documents;
  private long bytes;
  private boolean ended;

  MuxInput(Multiplexer mux, String archive, Namespace namespace, int batchBytes) {
    this.mux = mux;
    this.archive = archive;
    this.namespace = namespace;
    this.header = new NamespaceHeader(namespace, false, 0).encode();
    this.batchBytes = batchBytes;
  }

  @Override
  public Namespace namespace() {
    return namespace;
  }

  @Override
  public void write(byte[] doc, int off, int len) throws IOException, ArchiveException {
    if (ended) {
      throw new IllegalStateException(namespace + " has already ended in archive " + archive);
    }
    if (off < 0 || len < 0 || off > doc.length - len) {
      throw new IndexOutOfBoundsException("off " + off + " len " + len + " of " + doc.length);
    }
    check(doc, off, len);
    crc.update(doc, off, len);
    documents++;
    bytes += len;
    if (len > batchBytes - used && used > 0) {
      mux.segment(namespace, header, batch, 0, used);
      used = 0;
    }
    if (len > batchBytes) {
      mux.segment(namespace, header, doc, off, len);
      return;
    }
    if (batch == null) {
      batch = new byte[batchBytes];
    }
    System.arraycopy(doc, off, batch, used, len);
    used += len;
  }

  @Override
  public void write(ByteBuffer doc) throws IOException, ArchiveException {
    int len = doc.remaining();
    if (doc.hasArray()) {
      write(doc.array(), doc.arrayOffset() + doc.position(), len);
    } else {
      byte[] copy = new byte[len];
      doc.duplicate().get(copy);
      write(copy, 0, len);
    }
    doc.position(doc.position() + len);
  }

  @Override
  public NamespaceSummary end() throws IOException {
    if (ended) {
      throw new IllegalStateException(namespace + " has already ended in archive " + archive);
    }
    NamespaceSummary summary = new NamespaceSummary(namespace, documents, bytes, crc.getValue());
    mux.end(namespace, header, batch == null ? new byte[0] : batch, used, summary);
    ended = true;
    batch = null;
    return summary;
  }

  private void check(byte[] doc, int off, int len) throws ArchiveException {
    if (len < ArchiveFormat.MIN_DOCUMENT_BYTES) {
      throw refused("a document of " + len + " bytes is shorter than the smallest BSON document");
    }
    int declared = ArchiveFormat.readIntLe(doc, off);
    if (declared != len) {
      throw refused("a document's length prefix says " + declared + " bytes, but " + len + " came");
    }
    if (len > ArchiveFormat.MAX_WRITE_DOCUMENT_BYTES) {
      throw refused(
          "a document of "
              + len
              + " bytes is larger than "
              + ArchiveFormat.MAX_WRITE_DOCUMENT_BYTES
              + ", which mongorestore refuses");
    }
    if (doc[off + len - 1] != 0) {
      throw refused("a document does not end with a zero byte");
    }
  }

  private ArchiveException refused(String detail) {
    return ArchiveException.refused(archive, namespace, detail);
  }
}
