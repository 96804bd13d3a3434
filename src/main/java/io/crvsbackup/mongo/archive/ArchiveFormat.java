package io.crvsbackup.mongo.archive;

/** The numbers that frame a mongodump archive; see {@code spec.md} beside this file. */
final class ArchiveFormat {
  /** The first four bytes of every archive, read as a little-endian unsigned 32-bit number. */
  static final int MAGIC = 0x8199e26d;

  /** Ends the prelude and every block; it can never be a document length. */
  static final int TERMINATOR = 0xffffffff;

  /** The only archive format version there is. */
  static final String FORMAT_VERSION = "0.1";

  /** An empty BSON document: a four-byte length and the closing zero. */
  static final int MIN_DOCUMENT_BYTES = 5;

  /** The largest document a server accepts from a client, and the largest mongorestore reads. */
  static final int MAX_WRITE_DOCUMENT_BYTES = 16 * 1024 * 1024;

  /**
   * The largest document this reader accepts: the server's internal limit (16 MiB + 16 KiB), which
   * oplog entries may reach. Anything longer is a corrupt length.
   */
  static final int MAX_READ_DOCUMENT_BYTES = MAX_WRITE_DOCUMENT_BYTES + 16 * 1024;

  /** The buckets of a time-series collection live under this prefix on servers before 8.3. */
  static final String BUCKETS_PREFIX = "system.buckets.";

  private ArchiveFormat() {}

  static int readIntLe(byte[] b, int off) {
    return (b[off] & 0xff)
        | (b[off + 1] & 0xff) << 8
        | (b[off + 2] & 0xff) << 16
        | (b[off + 3] & 0xff) << 24;
  }

  static void writeIntLe(byte[] b, int off, int value) {
    b[off] = (byte) value;
    b[off + 1] = (byte) (value >>> 8);
    b[off + 2] = (byte) (value >>> 16);
    b[off + 3] = (byte) (value >>> 24);
  }

  static byte[] intLe(int value) {
    byte[] b = new byte[4];
    writeIntLe(b, 0, value);
    return b;
  }
}
