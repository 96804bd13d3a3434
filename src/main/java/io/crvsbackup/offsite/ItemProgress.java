package io.crvsbackup.offsite;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Progress of one item of a push or a pull: the bytes that pass, reported every few MiB and once when the
 * item is done. An item may be read through several streams at once (the Elasticsearch files, pulled in
 * parallel, are one item), so the count is shared and the calls may come from several threads, as
 * {@link OffsiteListener} allows.
 */
final class ItemProgress {
  private static final long STEP = 8L * 1024 * 1024;
  private final OffsiteListener listener;
  private final String item;
  private final long total;
  private final AtomicLong count = new AtomicLong();
  private final AtomicLong next = new AtomicLong(STEP);

  /**
   * @param item what moves, as {@code <label>: <path>}
   * @param total the stored bytes expected, or -1 when unknown
   */
  ItemProgress(OffsiteListener listener, String item, long total) {
    this.listener = listener;
    this.item = item;
    this.total = total;
  }

  /** {@code out}, counted into this item, which is done when it closes. */
  OutputStream count(OutputStream out) {
    return new FilterOutputStream(out) {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        add(len);
      }

      @Override
      public void close() throws IOException {
        super.close();
        done();
      }
    };
  }

  /** {@code in}, counted into this item; the caller says when the item is {@link #done()}. */
  InputStream count(InputStream in) {
    return new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
          add(1);
        }
        return b;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
          add(n);
        }
        return n;
      }
    };
  }

  private void add(long n) {
    long now = count.addAndGet(n);
    long due = next.get();
    if (now >= due && next.compareAndSet(due, now + STEP)) {
      listener.progress(item, now, total, false);
    }
  }

  /** The item is complete. */
  void done() {
    listener.progress(item, count.get(), total, true);
  }
}
