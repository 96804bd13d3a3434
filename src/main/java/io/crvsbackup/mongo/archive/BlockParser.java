package io.crvsbackup.mongo.archive;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads the low level of an archive: after the magic number, a sequence of items, each a BSON
 * document or a terminator, told apart by their first four bytes. It checks each document's framing
 * (length within bounds, closing zero) and counts the bytes read, so every problem has an offset.
 */
final class BlockParser {
  enum Item {
    DOCUMENT,
    TERMINATOR,
    /** The stream ended cleanly between two items. */
    END
  }

  private static final int INITIAL_BUFFER = 64 * 1024;

  private final InputStream in;
  private byte[] buf = new byte[INITIAL_BUFFER];
  private int length;
  private long position;
  private long itemOffset;

  BlockParser(InputStream in) {
    this.in = in;
  }

  /**
   * Reads and checks the magic number.
   *
   * @throws MalformedException when the stream is empty, too short or starts with other bytes
   */
  void readMagic() throws IOException, MalformedException {
    itemOffset = 0;
    int n = readUpTo(buf, 0, 4);
    if (n == 0) {
      throw new MalformedException("the archive is empty");
    }
    if (n < 4) {
      throw new MalformedException("the archive ends after " + n + " bytes, inside the magic number");
    }
    int magic = ArchiveFormat.readIntLe(buf, 0);
    if (magic != ArchiveFormat.MAGIC) {
      throw new MalformedException(
          String.format(
              "not a mongodump archive: it starts with 0x%08x, not the magic number 0x%08x",
              magic, ArchiveFormat.MAGIC));
    }
  }

  /** Reads the next item; after {@link Item#DOCUMENT} it is in {@link #buffer()}. */
  Item next() throws IOException, MalformedException {
    itemOffset = position;
    length = 0;
    int n = readUpTo(buf, 0, 4);
    if (n == 0) {
      return Item.END;
    }
    if (n < 4) {
      throw new MalformedException(
          "the archive ends " + n + " bytes into a document length or terminator");
    }
    int size = ArchiveFormat.readIntLe(buf, 0);
    if (size == ArchiveFormat.TERMINATOR) {
      return Item.TERMINATOR;
    }
    if (size < ArchiveFormat.MIN_DOCUMENT_BYTES || size > ArchiveFormat.MAX_READ_DOCUMENT_BYTES) {
      throw new MalformedException(
          Integer.toUnsignedString(size)
              + " is neither a document length (5 to "
              + ArchiveFormat.MAX_READ_DOCUMENT_BYTES
              + " bytes) nor a terminator");
    }
    ensureCapacity(size);
    int body = readUpTo(buf, 4, size - 4);
    if (body < size - 4) {
      throw new MalformedException(
          "the archive ends inside a document of "
              + size
              + " bytes, after "
              + (body + 4)
              + " of them");
    }
    if (buf[size - 1] != 0) {
      throw new MalformedException(
          "the document of " + size + " bytes does not end with a zero byte");
    }
    length = size;
    return Item.DOCUMENT;
  }

  /** The last document read; valid until the next call to {@link #next()}. */
  byte[] buffer() {
    return buf;
  }

  int length() {
    return length;
  }

  /** Where the last item started in the uncompressed archive. */
  long itemOffset() {
    return itemOffset;
  }

  /** How many uncompressed bytes have been read so far. */
  long position() {
    return position;
  }

  private void ensureCapacity(int size) {
    if (buf.length < size) {
      int grown = (int) Math.min(ArchiveFormat.MAX_READ_DOCUMENT_BYTES, Math.max(size, 2L * buf.length));
      byte[] bigger = new byte[grown];
      System.arraycopy(buf, 0, bigger, 0, 4);
      buf = bigger;
    }
  }

  /** Reads until {@code len} bytes are in or the stream ends; returns how many came. */
  private int readUpTo(byte[] b, int off, int len) throws IOException {
    int total = 0;
    while (total < len) {
      int n = in.read(b, off + total, len - total);
      if (n < 0) {
        break;
      }
      total += n;
      position += n;
    }
    return total;
  }
}
