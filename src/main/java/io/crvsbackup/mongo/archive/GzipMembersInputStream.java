package io.crvsbackup.mongo.archive;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

/**
 * Decompresses a gzip stream of one or more members (RFC 1952), as single-threaded gzip and
 * parallel compressors write them. Unlike {@link java.util.zip.GZIPInputStream} it does not rely on
 * {@code available()} to find the next member, and it rejects what follows the last member unless
 * it is nothing. Every problem with the compressed data, truncation included, is a {@link
 * ZipException}.
 */
final class GzipMembersInputStream extends InputStream {
  private static final int RESERVED_FLAGS = 0xe0;
  private static final int FHCRC = 0x02;
  private static final int FEXTRA = 0x04;
  private static final int FNAME = 0x08;
  private static final int FCOMMENT = 0x10;

  private final InputStream in;
  private final byte[] input = new byte[64 * 1024];
  private final Inflater inflater = new Inflater(true);
  private final CRC32 crc = new CRC32();
  /** The compressed bytes not yet used are input[pos, limit). */
  private int pos;
  private int limit;
  private long memberBytes;
  private boolean inMember;
  private boolean done;
  private int members;

  GzipMembersInputStream(InputStream in) {
    this.in = in;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (!done) {
      if (!inMember && !startMember()) {
        done = true;
        break;
      }
      if (inflater.needsInput() && pos < limit) {
        inflater.setInput(input, pos, limit - pos);
        pos = limit;
      }
      int n;
      try {
        n = inflater.inflate(b, off, len);
      } catch (DataFormatException e) {
        throw new ZipException("member " + members + " has corrupt deflate data: " + e.getMessage());
      }
      if (n > 0) {
        crc.update(b, off, n);
        memberBytes += n;
        return n;
      }
      if (inflater.finished()) {
        endMember();
      } else if (inflater.needsDictionary()) {
        throw new ZipException("member " + members + " asks for a preset dictionary");
      } else if (inflater.needsInput() && !fill()) {
        throw new ZipException("the gzip stream is truncated inside member " + members);
      }
    }
    return -1;
  }

  /** Reads a member header; false when the stream ended cleanly after the previous member. */
  private boolean startMember() throws IOException {
    if (pos == limit && !fill() && members > 0) {
      return false;
    }
    int id1 = pos < limit ? input[pos++] & 0xff : -1;
    int id2 = pos < limit || fill() ? input[pos++] & 0xff : -1;
    if (id1 != 0x1f || id2 != 0x8b) {
      throw new ZipException(
          members == 0 ? "not in gzip format" : "bytes after gzip member " + members + " are not gzip");
    }
    members++;
    if (readByte() != 8) {
      throw new ZipException("member " + members + " is not deflate-compressed");
    }
    int flags = readByte();
    if ((flags & RESERVED_FLAGS) != 0) {
      throw new ZipException("member " + members + " sets reserved header flags");
    }
    skip(6); // mtime, extra flags, operating system
    if ((flags & FEXTRA) != 0) {
      skip(readByte() | readByte() << 8);
    }
    if ((flags & FNAME) != 0) {
      skipZeroTerminated();
    }
    if ((flags & FCOMMENT) != 0) {
      skipZeroTerminated();
    }
    if ((flags & FHCRC) != 0) {
      skip(2);
    }
    inflater.reset();
    crc.reset();
    memberBytes = 0;
    inMember = true;
    return true;
  }

  private void endMember() throws IOException {
    pos = limit - inflater.getRemaining();
    long expectedCrc = readIntLe();
    long expectedSize = readIntLe();
    if (expectedCrc != crc.getValue()) {
      throw new ZipException("member " + members + " fails its CRC-32 check");
    }
    if (expectedSize != (memberBytes & 0xffffffffL)) {
      throw new ZipException("member " + members + " has the wrong length in its trailer");
    }
    inMember = false;
  }

  private long readIntLe() throws IOException {
    return readByte() | readByte() << 8 | readByte() << 16 | (long) readByte() << 24;
  }

  /** Reads more compressed bytes into the empty buffer; false at the end of the stream. */
  private boolean fill() throws IOException {
    int n = in.read(input, 0, input.length);
    pos = 0;
    limit = Math.max(n, 0);
    return n > 0;
  }

  private int readByte() throws IOException {
    int b = pos < limit || fill() ? input[pos++] & 0xff : -1;
    if (b < 0) {
      throw new ZipException("the gzip stream is truncated in the header or trailer of member " + members);
    }
    return b;
  }

  private void skip(int n) throws IOException {
    for (int i = 0; i < n; i++) {
      readByte();
    }
  }

  private void skipZeroTerminated() throws IOException {
    while (readByte() != 0) {
      // a file name or comment, not needed
    }
  }

  @Override
  public void close() throws IOException {
    inflater.end();
    in.close();
  }
}
