package io.crvsbackup.mongo;

import io.crvsbackup.job.JobListener;
import java.time.Duration;

/**
 * Counts the documents and bytes of one item (a collection, an archive) and tells the listener at a
 * bounded rate: one event when the item starts (with nothing counted, so that a listener timing the
 * item, as the console does for its rate, starts its clock then), at most one per interval, and the
 * final one. Used by one thread.
 */
final class ProgressMeter {
  private final JobListener listener;
  private final String engine;
  private final String item;
  private final long intervalNanos;
  private long documents;
  private long bytes;
  private long last;

  ProgressMeter(JobListener listener, String engine, String item, Duration interval) {
    this.listener = listener;
    this.engine = engine;
    this.item = item;
    this.intervalNanos = interval.toNanos();
    this.last = System.nanoTime();
    listener.progress(engine, item, 0, 0, false);
  }

  /** Adds one document of {@code size} bytes; tells the listener when the interval has passed. */
  void add(long size) {
    documents++;
    bytes += size;
    if ((documents & 0xff) == 0 || intervalNanos == 0) {
      long now = System.nanoTime();
      if (now - last >= intervalNanos) {
        last = now;
        listener.progress(engine, item, documents, bytes, false);
      }
    }
  }

  /** Tells the listener the item is done. */
  void done() {
    listener.progress(engine, item, documents, bytes, true);
  }

  long documents() {
    return documents;
  }

  long bytes() {
    return bytes;
  }
}
