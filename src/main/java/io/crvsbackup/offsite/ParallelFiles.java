package io.crvsbackup.offsite;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs one task per file on a few threads, so that the round trips and fsyncs of many small files overlap.
 * The first failure stops the tasks that have not started, waits for the ones that have (so nothing is still
 * writing when the caller cleans up), and is thrown.
 */
final class ParallelFiles {
  /** One file's work. */
  @FunctionalInterface
  interface FileTask {
    void run() throws IOException;
  }

  private ParallelFiles() {}

  /**
   * @param threads how many files at once
   * @param threadName the workers' name, as thread dumps show it
   * @param what what the tasks do, for the message when the caller is interrupted
   */
  static void run(List<FileTask> tasks, int threads, String threadName, String what) throws IOException {
    if (tasks.isEmpty()) {
      return;
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, tasks.size()), r -> {
      Thread t = new Thread(r, threadName);
      t.setDaemon(true);
      return t;
    });
    List<Future<?>> futures = new ArrayList<>(tasks.size());
    try {
      for (FileTask task : tasks) {
        futures.add(pool.submit(() -> {
          task.run();
          return null;
        }));
      }
      IOException first = null;
      for (Future<?> f : futures) {
        try {
          f.get();
        } catch (java.util.concurrent.CancellationException e) {
          // stopped after an earlier failure
        } catch (ExecutionException e) {
          if (first == null) {
            first = e.getCause() instanceof IOException io ? io : new IOException(e.getCause().toString(), e.getCause());
            futures.forEach(other -> other.cancel(false));
          }
        }
      }
      if (first != null) {
        throw first;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      futures.forEach(f -> f.cancel(true));
      throw new InterruptedIOException("interrupted while " + what);
    } finally {
      pool.shutdownNow();
      awaitQuietly(pool);
    }
  }

  /** Waits for running tasks to end after a failure or an interrupt, so none writes after the caller's undo. */
  private static void awaitQuietly(ExecutorService pool) {
    try {
      if (!pool.awaitTermination(5, java.util.concurrent.TimeUnit.MINUTES)) {
        throw new IllegalStateException("file tasks still running after 5 minutes");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
