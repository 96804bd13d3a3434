package io.crvsbackup.mongo;

import io.crvsbackup.job.EngineException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.bson.RawBsonDocument;

/**
 * Inserts documents in unordered batches on a bounded pool while one thread reads them from an
 * archive. Documents wait in one batch per collection until it is full (documents or bytes); when all
 * waiting batches together pass a limit, the largest goes early, so memory stays bounded however the
 * archive interleaves its collections. At most {@code 2 x threads} batches are in flight; the reader
 * waits for a free slot. A capped collection keeps its order: its batches are inserted in order, one at
 * a time, by the reading thread itself.
 */
final class BatchInserter implements AutoCloseable {
  /** Where batches go: the target database. */
  @FunctionalInterface
  interface Sink {
    void insert(String collection, List<RawBsonDocument> documents, boolean ordered) throws EngineException;
  }

  private static final class Pending {
    final List<RawBsonDocument> documents = new ArrayList<>();
    final boolean capped;
    long bytes;

    Pending(boolean capped) {
      this.capped = capped;
    }
  }

  private final Sink sink;
  private final Tuning tuning;
  private final ExecutorService pool;
  private final Semaphore slots;
  private final int permits;
  private final Map<String, Pending> pending = new HashMap<>();
  private final AtomicReference<EngineException> failure = new AtomicReference<>();
  private long pendingBytes;

  BatchInserter(Sink sink, Tuning tuning, int threads, String name) {
    this.sink = sink;
    this.tuning = tuning;
    this.permits = 2 * threads;
    this.slots = new Semaphore(permits);
    AtomicInteger n = new AtomicInteger();
    this.pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /** Queues one document for {@code collection}; throws the first insert failure seen so far. */
  void add(String collection, RawBsonDocument document, boolean capped) throws EngineException {
    rethrow();
    Pending p = pending.computeIfAbsent(collection, k -> new Pending(capped));
    int size = document.getByteBuffer().remaining();
    p.documents.add(document);
    p.bytes += size;
    pendingBytes += size;
    if (p.documents.size() >= tuning.insertBatchDocuments() || p.bytes >= tuning.insertBatchBytes()) {
      send(collection);
    } else if (pendingBytes > tuning.pendingBytes()) {
      sendLargest();
    }
  }

  /** Sends what waits for {@code collection}, e.g. when its namespace ends. */
  void flush(String collection) throws EngineException {
    rethrow();
    send(collection);
  }

  /** Sends everything that waits and waits until every batch is in; throws the first failure. */
  void finish() throws EngineException {
    for (String c : new ArrayList<>(pending.keySet())) {
      if (failure.get() == null) {
        send(c);
      }
    }
    try {
      slots.acquire(permits);
      slots.release(permits);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineException("restore was interrupted while inserting", e);
    }
    rethrow();
  }

  private void sendLargest() throws EngineException {
    String largest = null;
    long max = -1;
    for (Map.Entry<String, Pending> e : pending.entrySet()) {
      if (e.getValue().bytes > max) {
        max = e.getValue().bytes;
        largest = e.getKey();
      }
    }
    if (largest != null) {
      send(largest);
    }
  }

  private void send(String collection) throws EngineException {
    Pending p = pending.remove(collection);
    if (p == null || p.documents.isEmpty()) {
      return;
    }
    pendingBytes -= p.bytes;
    if (p.capped) {
      sink.insert(collection, p.documents, true);
      return;
    }
    try {
      slots.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineException("restore was interrupted while inserting into " + collection, e);
    }
    try {
      pool.execute(() -> {
        try {
          if (failure.get() == null) {
            sink.insert(collection, p.documents, false);
          }
        } catch (EngineException e) {
          failure.compareAndSet(null, e);
        } catch (RuntimeException e) {
          failure.compareAndSet(null, new EngineException("insert into " + collection + ": " + e, e));
        } finally {
          slots.release();
        }
      });
    } catch (RuntimeException e) {
      slots.release();
      throw e;
    }
  }

  private void rethrow() throws EngineException {
    EngineException e = failure.get();
    if (e != null) {
      throw e;
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
    try {
      pool.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
