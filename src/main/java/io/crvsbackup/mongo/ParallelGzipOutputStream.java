package io.crvsbackup.mongo;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A gzip stream of several members (RFC 1952), compressed on a bounded pool of threads: the input
 * is cut into chunks of a fixed size, each chunk becomes one complete gzip member (header, deflate
 * data, CRC-32 and size), and the members are written to {@code out} in input order. Gunzip, Go's
 * {@code gzip.Reader} (so {@code mongorestore --gzip}) and our archive reader read such a stream as
 * the concatenation of its members.
 *
 * <p>The writing thread only copies bytes into the current chunk; it waits only when {@code 2 x
 * threads} chunks are already being compressed or waiting to be written, so memory stays bounded
 * (about {@code 4 x threads x chunk} bytes) whatever the size of the data. The output depends only on
 * the input, the chunk size and the level, never on thread timing.
 *
 * <p>{@link #close()} compresses the last chunk, writes every member, flushes {@code out} and stops
 * the pool; it does not close {@code out}. After a failure every later call throws it again.
 */
final class ParallelGzipOutputStream extends OutputStream {
  private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

  private final OutputStream out;
  private final int chunkBytes;
  private final int level;
  private final int inFlight;
  private final ExecutorService pool;
  private final ArrayDeque<Future<byte[]>> pending = new ArrayDeque<>();
  private byte[] chunk;
  private int used;
  private long members;
  private IOException failure;
  private boolean closed;

  /**
   * @param threads compressing threads, at least 1
   * @param chunkBytes uncompressed bytes per member
   * @param level the deflate level, 1 to 9
   */
  ParallelGzipOutputStream(OutputStream out, int threads, int chunkBytes, int level) {
    if (threads < 1 || chunkBytes < 1 || level < 1 || level > 9) {
      throw new IllegalArgumentException(
          "threads " + threads + ", chunk " + chunkBytes + " bytes, level " + level);
    }
    this.out = out;
    this.chunkBytes = chunkBytes;
    this.level = level;
    this.inFlight = 2 * threads;
    AtomicInteger n = new AtomicInteger();
    this.pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "mongo-gzip-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.chunk = new byte[chunkBytes];
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    checkUsable();
    while (len > 0) {
      int n = Math.min(len, chunkBytes - used);
      System.arraycopy(b, off, chunk, used, n);
      used += n;
      off += n;
      len -= n;
      if (used == chunkBytes) {
        submit();
      }
    }
  }

  /** Members are only written whole; a flush writes those already compressed. */
  @Override
  public void flush() throws IOException {
    checkUsable();
    while (!pending.isEmpty() && pending.peekFirst().isDone()) {
      writeOldest();
    }
    out.flush();
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (failure != null) {
        throw new IOException("compression failed earlier", failure);
      }
      if (used > 0 || members == 0) {
        submit(); // an empty input still makes one (empty) member: gzip has no empty stream
      }
      while (!pending.isEmpty()) {
        writeOldest();
      }
      out.flush();
    } finally {
      pending.forEach(f -> f.cancel(true));
      pending.clear();
      pool.shutdownNow();
    }
  }

  private void submit() throws IOException {
    byte[] input = chunk;
    int length = used;
    while (pending.size() >= inFlight) {
      writeOldest();
    }
    pending.addLast(pool.submit(() -> member(input, length, level)));
    members++;
    chunk = new byte[chunkBytes];
    used = 0;
  }

  private void writeOldest() throws IOException {
    byte[] member;
    try {
      member = pending.peekFirst().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw fail(new InterruptedIOException("interrupted while compressing the archive"));
    } catch (ExecutionException e) {
      throw fail(new IOException("compression failed: " + e.getCause(), e.getCause()));
    }
    pending.removeFirst();
    try {
      out.write(member);
    } catch (IOException e) {
      throw fail(e);
    }
  }

  private IOException fail(IOException e) {
    failure = e;
    return e;
  }

  private void checkUsable() throws IOException {
    if (failure != null) {
      throw new IOException("compression failed earlier", failure);
    }
    if (closed) {
      throw new IOException("the compressed stream is closed");
    }
  }

  /** One complete gzip member holding {@code input[0, length)}. */
  static byte[] member(byte[] input, int length, int level) {
    Deflater deflater = new Deflater(level, true);
    try {
      deflater.setInput(input, 0, length);
      deflater.finish();
      byte[] buf = new byte[HEADER.length + length + length / 1000 + 64 + 8];
      System.arraycopy(HEADER, 0, buf, 0, HEADER.length);
      int pos = HEADER.length;
      while (!deflater.finished()) {
        if (pos == buf.length - 8) {
          buf = Arrays.copyOf(buf, buf.length * 2);
        }
        pos += deflater.deflate(buf, pos, buf.length - 8 - pos);
      }
      CRC32 crc = new CRC32();
      crc.update(input, 0, length);
      pos = intLe(buf, pos, (int) crc.getValue());
      pos = intLe(buf, pos, length);
      return Arrays.copyOf(buf, pos);
    } finally {
      deflater.end();
    }
  }

  private static int intLe(byte[] b, int pos, int v) {
    b[pos] = (byte) v;
    b[pos + 1] = (byte) (v >>> 8);
    b[pos + 2] = (byte) (v >>> 16);
    b[pos + 3] = (byte) (v >>> 24);
    return pos + 4;
  }
}
