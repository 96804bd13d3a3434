package io.crvsbackup.influx;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
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

  /** Receives the index, key by key. */
  @FunctionalInterface
  interface KeyVisitor {
    void key(String key, List<Block> blocks) throws IOException;
  }

  private final FileChannel channel;
  private final String what;
  private byte[] buffer = new byte[64 * 1024];

  private TsmFile(FileChannel channel, String what) {
    this.channel = channel;
    this.what = what;
  }

  static TsmFile open(Path file, String what) throws IOException {
    return new TsmFile(FileChannel.open(file, StandardOpenOption.READ), what);
  }

  /** Reads the index, handing each key and its blocks to {@code visitor}. */
  void index(KeyVisitor visitor) throws IOException {
    long size = channel.size();
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
    long end = size - 8;
    // not closed: that would close the channel, which the blocks are read from next
    DataInputStream in = new DataInputStream(new BufferedInputStream(
        Channels.newInputStream(channel.position(indexAt)), 256 * 1024));
    try {
      long pos = indexAt;
      while (pos < end) {
        int keyLen = in.readUnsignedShort();
        byte[] key = in.readNBytes(keyLen);
        if (key.length < keyLen) {
          throw new EOFException();
        }
        in.readByte(); // block type
        int count = in.readUnsignedShort();
        List<Block> blocks = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
          long min = in.readLong();
          long max = in.readLong();
          long offset = in.readLong();
          long bsize = in.readInt() & 0xffffffffL;
          if (offset < 5 || offset + bsize > indexAt || bsize < 6 || bsize > MAX_BLOCK) {
            throw new FormatException(what + ": a block of " + bsize + " bytes at " + offset + " lies outside the"
                + " data");
          }
          blocks.add(new Block(min, max, offset, (int) bsize));
        }
        pos += 2 + keyLen + 1 + 2 + 28L * count;
        visitor.key(new String(key, StandardCharsets.UTF_8), blocks);
      }
      if (pos != end) {
        throw new FormatException(what + ": its index overruns the footer");
      }
    } catch (EOFException e) {
      throw new FormatException(what + ": its index ends early", e);
    }
  }

  /** The number of values in a block, from its timestamps alone. */
  int count(Block b) throws IOException {
    int[] ts = timestamps(b);
    return TsmTimestamps.count(buffer, ts[0], ts[1]);
  }

  /** The timestamps of a block. */
  long[] decode(Block b) throws IOException {
    int[] ts = timestamps(b);
    return TsmTimestamps.decode(buffer, ts[0], ts[1]);
  }

  /** Reads a block into the buffer; the offset and length of its timestamps there. */
  private int[] timestamps(Block b) throws IOException {
    if (buffer.length < b.size()) {
      buffer = new byte[Math.max(b.size(), buffer.length * 2)];
    }
    ByteBuffer bb = ByteBuffer.wrap(buffer, 0, b.size());
    long p = b.offset();
    while (bb.hasRemaining()) {
      int n = channel.read(bb, p);
      if (n < 0) {
        throw new FormatException(what + " ends inside the block at " + b.offset());
      }
      p += n;
    }
    int[] at = {5}; // CRC-32 and the type byte
    long tsLen = TsmTimestamps.uvarint(buffer, at, b.size());
    if (tsLen > b.size() - at[0]) {
      throw new FormatException(what + ": the block at " + b.offset() + " claims " + tsLen + " bytes of timestamps");
    }
    return new int[] {at[0], (int) tsLen};
  }

  private ByteBuffer read(long at, int n) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(n);
    while (b.hasRemaining()) {
      if (channel.read(b, at + b.position()) < 0) {
        throw new FormatException(what + " ends early");
      }
    }
    return b.flip();
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
