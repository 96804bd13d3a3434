package io.crvsbackup.influx;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A TSM file read for counting (spec.md): header {@code 16 D1 16 D1 01}, blocks, the index, and the
 * index's offset in the last 8 bytes. The index holds, per key in key order, the block type, the number
 * of blocks, and per block its min and max time, offset and size (the size includes the block's CRC-32).
 * A block is: CRC-32, type byte, uvarint length of the timestamps, the timestamps, the values.
 */
final class TsmFile implements AutoCloseable {
  static final int MAGIC = 0x16D116D1;
  private static final int MAX_BLOCK = 64 * 1024 * 1024;

  /** One block of a key: its time range, and where it is. */
  record Block(long min, long max, long offset, int size) {}

  /** The index, read key by key in key order (bytes compared unsigned). */
  interface Index {
    /** Moves to the next key; false at the end of the index. */
    boolean next() throws IOException;

    byte[] key();

    List<Block> blocks();
  }

  private static final int HEAD = 4 + 1 + 10; // CRC-32, type byte, uvarint length of the timestamps
  private final FileChannel channel; // or, for a file held in memory:
  private final byte[] data;
  private final String what;
  private byte[] buffer = new byte[64 * 1024];
  private int bufferOffset;

  private TsmFile(FileChannel channel, byte[] data, String what) {
    this.channel = channel;
    this.data = data;
    this.what = what;
  }

  static TsmFile open(Path file, String what) throws IOException {
    return new TsmFile(FileChannel.open(file, StandardOpenOption.READ), null, what);
  }

  static TsmFile of(byte[] data, String what) {
    return new TsmFile(null, data, what);
  }

  /** Opens the index for reading key by key (the file's header and footer are checked first). */
  Index index() throws IOException {
    long size = channel != null ? channel.size() : data.length;
    if (size < 5 + 8) {
      throw new FormatException(what + " is a TSM file of only " + size + " bytes");
    }
    ByteBuffer head = read(0, 5);
    if (head.getInt() != MAGIC || head.get() != 1) {
      throw new FormatException(what + " is not a TSM file of version 1");
    }
    long indexAt = read(size - 8, 8).getLong();
    if (indexAt < 5 || indexAt > size - 8) {
      throw new FormatException(what + ": its index offset " + indexAt + " lies outside the file");
    }
    // not closed: that would close the channel, which the blocks are read from (positional reads)
    DataInputStream in = new DataInputStream(channel != null
        ? new BufferedInputStream(Channels.newInputStream(channel.position(indexAt)), 256 * 1024)
        : new java.io.ByteArrayInputStream(data, (int) indexAt, (int) (end(size) - indexAt)));
    long end = end(size);
    return new Index() {
      private long pos = indexAt;
      private byte[] key;
      private List<Block> blocks;

      @Override
      public boolean next() throws IOException {
        if (pos >= end) {
          if (pos != end) {
            throw new FormatException(what + ": its index overruns the footer");
          }
          return false;
        }
        try {
          int keyLen = in.readUnsignedShort();
          key = new byte[keyLen];
          in.readFully(key);
          in.readByte(); // block type
          int count = in.readUnsignedShort();
          blocks = new ArrayList<>(count);
          for (int i = 0; i < count; i++) {
            long min = in.readLong();
            long max = in.readLong();
            long offset = in.readLong();
            long bsize = in.readInt() & 0xffffffffL;
            if (offset < 5 || offset + bsize > indexAt || bsize < 6 || bsize > MAX_BLOCK) {
              throw new FormatException(what + ": a block of " + bsize + " bytes at " + offset
                  + " lies outside the data");
            }
            blocks.add(new Block(min, max, offset, (int) bsize));
          }
          pos += 2 + keyLen + 1 + 2 + 28L * count;
          return true;
        } catch (EOFException e) {
          throw new FormatException(what + ": its index ends early", e);
        }
      }

      @Override
      public byte[] key() {
        return key;
      }

      @Override
      public List<Block> blocks() {
        return blocks;
      }
    };
  }

  private static long end(long size) {
    return size - 8;
  }

  /** The number of values in a block, from its timestamps alone. */
  int count(Block b) throws IOException {
    int len = timestamps(b);
    return TsmTimestamps.count(bytes(), bufferOffset, len);
  }

  /** The timestamps of a block. */
  long[] decode(Block b) throws IOException {
    int len = timestamps(b);
    return TsmTimestamps.decode(bytes(), bufferOffset, len);
  }

  private byte[] bytes() {
    return channel != null ? buffer : data;
  }

  /**
   * Finds a block's timestamps: their length, and (in {@link #bufferOffset}) where they start in
   * {@link #bytes()}. Only they are read, not the values.
   */
  private int timestamps(Block b) throws IOException {
    int head = Math.min(HEAD, b.size());
    int start;
    if (channel == null) {
      start = (int) b.offset();
    } else {
      readFully(b.offset(), buffer, 0, head);
      start = 0;
    }
    int[] at = {start + 5}; // CRC-32 and the type byte
    long tsLen = TsmTimestamps.uvarint(bytes(), at, start + head);
    int skip = at[0] - start;
    if (tsLen > b.size() - skip) {
      throw new FormatException(what + ": the block at " + b.offset() + " claims " + tsLen + " bytes of timestamps");
    }
    if (channel == null) {
      bufferOffset = at[0];
    } else {
      if (buffer.length < tsLen) {
        buffer = new byte[(int) Math.max(tsLen, buffer.length * 2L)];
      }
      readFully(b.offset() + skip, buffer, 0, (int) tsLen);
      bufferOffset = 0;
    }
    return (int) tsLen;
  }

  private void readFully(long at, byte[] dst, int off, int len) throws IOException {
    ByteBuffer bb = ByteBuffer.wrap(dst, off, len);
    while (bb.hasRemaining()) {
      if (channel.read(bb, at + bb.position() - off) < 0) {
        throw new FormatException(what + " ends inside the block at " + at);
      }
    }
  }

  private ByteBuffer read(long at, int n) throws IOException {
    if (channel == null) {
      return ByteBuffer.wrap(data, (int) at, n).slice();
    }
    ByteBuffer b = ByteBuffer.allocate(n);
    readFully(at, b.array(), 0, n);
    return b;
  }

  @Override
  public void close() throws IOException {
    if (channel != null) {
      channel.close();
    }
  }
}
