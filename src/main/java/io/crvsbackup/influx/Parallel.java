package io.crvsbackup.influx;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs tasks a few at a time and waits for all of them, even when one fails. */
final class Parallel {
  private Parallel() {}

  /** A task that may fail with a checked exception of type {@code E}. */
  @FunctionalInterface
  interface Task<T, E extends Exception> {
    T call() throws E;
  }

  /**
   * Runs every task, at most {@code threads} at once, and waits until all have ended.
   *
   * @return the results in the order of {@code tasks}
   * @throws E the failure of the first task (in list order) that failed; the others' are suppressed
   */
  @SuppressWarnings("unchecked")
  static <T, E extends Exception> List<T> run(int threads, String name, List<Task<T, E>> tasks)
      throws E, InterruptedException {
    if (tasks.isEmpty()) {
      return List.of();
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, tasks.size())), r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (Task<T, E> task : tasks) {
        futures.add(pool.submit(task::call));
      }
      List<T> results = new ArrayList<>();
      Throwable first = null;
      for (Future<T> f : futures) {
        try {
          results.add(f.get());
        } catch (ExecutionException e) {
          if (first == null) {
            first = e.getCause();
          } else {
            first.addSuppressed(e.getCause());
          }
        }
      }
      if (first instanceof RuntimeException r) {
        throw r;
      }
      if (first instanceof Error err) {
        throw err;
      }
      if (first != null) {
        throw (E) first;
      }
      return results;
    } finally {
      pool.shutdown();
    }
  }
}
