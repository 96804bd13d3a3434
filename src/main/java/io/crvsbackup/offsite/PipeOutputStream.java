package io.crvsbackup.offsite;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A stage of a pipeline: what is written here is copied into a few fixed buffers and written downstream by
 * a thread of its own, so that the work downstream (encryption, hashing, SSH) runs on another core than the
 * work upstream (reading, hashing and tarring the files). At most {@code depth} buffers are in flight, so
 * memory stays flat whatever the size of the stream.
 *
 * <p>{@link #close()} hands over what is left, closes the downstream stream on the stage's thread, waits
 * for it, and throws what the stage failed with. A failure downstream is thrown by the next write here;
 * from then on the stage only drains what is handed to it, so the writer never blocks on a dead stage.
 */
final class PipeOutputStream extends OutputStream {
  private static final Chunk END = new Chunk(new byte[0], 0);

  private record Chunk(byte[] bytes, int length) {}

  private final OutputStream downstream;
  private final BlockingQueue<Chunk> full;
  private final BlockingQueue<byte[]> free;
  private final Thread worker;
  private final byte[] one = new byte[1];
  private volatile Throwable failure;
  private byte[] current;
  private int position;
  private boolean closed;

  /**
   * @param chunk the size of each buffer
   * @param depth the number of buffers
   * @param name the stage's thread name
   */
  PipeOutputStream(OutputStream downstream, int chunk, int depth, String name) {
    this.downstream = downstream;
    this.full = new ArrayBlockingQueue<>(depth + 1);
    this.free = new ArrayBlockingQueue<>(depth);
    for (int i = 1; i < depth; i++) {
      free.add(new byte[chunk]);
    }
    this.current = new byte[chunk];
    this.worker = new Thread(this::drain, name);
    worker.setDaemon(true);
    worker.start();
  }

  @Override
  public void write(int b) throws IOException {
    one[0] = (byte) b;
    write(one, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (closed) {
      throw new IOException("write to a closed pipeline stage");
    }
    while (len > 0) {
      int n = Math.min(len, current.length - position);
      System.arraycopy(b, off, current, position, n);
      position += n;
      off += n;
      len -= n;
      if (position == current.length) {
        handOver();
      }
    }
  }

  private void handOver() throws IOException {
    rethrow();
    try {
      full.put(new Chunk(current, position));
      current = free.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while handing data to " + worker.getName());
    }
    position = 0;
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (position > 0) {
        full.put(new Chunk(current, position));
      }
      full.put(END);
      worker.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for " + worker.getName());
    }
    rethrow();
  }

  /**
   * Ends a stage's thread after a failure elsewhere: closes it if it is still open, keeping quiet about what
   * it fails with (the failure that matters was thrown already). Does nothing for {@code null} or a stage
   * closed already.
   */
  static void abandon(PipeOutputStream stage) {
    if (stage == null || stage.closed) {
      return;
    }
    try {
      stage.close();
    } catch (IOException | RuntimeException e) {
      // the upload failed already with what matters
    }
  }

  private void rethrow() throws IOException {
    Throwable t = failure;
    if (t instanceof IOException e) {
      throw e;
    }
    if (t instanceof RuntimeException e) {
      throw e;
    }
    if (t instanceof Error e) {
      throw e;
    }
  }

  /** The stage's thread: writes each buffer downstream and gives it back; closes downstream at the end. */
  private void drain() {
    try {
      while (true) {
        Chunk c = full.take();
        if (c == END) {
          break;
        }
        if (failure == null) {
          try {
            downstream.write(c.bytes(), 0, c.length());
          } catch (Throwable t) {
            failure = t;
          }
        }
        free.put(c.bytes());
      }
      if (failure == null) {
        downstream.close();
      } else {
        closeQuietly();
      }
    } catch (InterruptedException e) {
      failure = new InterruptedIOException("pipeline stage " + Thread.currentThread().getName() + " interrupted");
      closeQuietly();
    } catch (Throwable t) {
      if (failure == null) {
        failure = t;
      }
    }
  }

  private void closeQuietly() {
    try {
      downstream.close();
    } catch (Throwable t) {
      failure.addSuppressed(t);
    }
  }
}
