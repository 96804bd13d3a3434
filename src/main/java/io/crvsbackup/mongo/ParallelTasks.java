package io.crvsbackup.mongo;

import io.crvsbackup.job.EngineException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs tasks on a bounded pool of named threads and returns their results in task order. At the
 * first failure it raises the shared abort flag, cancels what has not started, waits for the rest to
 * stop, and throws that first failure (later ones are suppressed into it).
 */
final class ParallelTasks {
  /** A unit of work that fails with a named reason. */
  @FunctionalInterface
  interface Task<T> {
    T call() throws Exception;
  }

  private ParallelTasks() {}

  static <T> List<T> run(String name, int threads, List<Task<T>> tasks, AtomicBoolean aborted)
      throws EngineException {
    if (tasks.isEmpty()) {
      return List.of();
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, tasks.size()), factory(name));
    CompletionService<Indexed<T>> done = new ExecutorCompletionService<>(pool);
    List<Future<Indexed<T>>> futures = new ArrayList<>();
    try {
      for (int i = 0; i < tasks.size(); i++) {
        int index = i;
        Task<T> t = tasks.get(i);
        futures.add(done.submit(() -> new Indexed<>(index, t.call())));
      }
      List<T> results = new ArrayList<>(java.util.Collections.nCopies(tasks.size(), (T) null));
      EngineException failure = null;
      for (int pending = futures.size(); pending > 0; pending--) {
        Future<Indexed<T>> f = done.take();
        try {
          Indexed<T> r = f.get();
          results.set(r.index(), r.value());
        } catch (ExecutionException e) {
          if (failure == null) {
            failure = asEngineException(e.getCause());
            aborted.set(true);
            futures.forEach(other -> other.cancel(false));
          } else if (!(e.getCause() instanceof InterruptedIOException)) {
            failure.addSuppressed(e.getCause());
          }
        } catch (CancellationException e) {
          // not started when an earlier task failed
        }
      }
      if (failure != null) {
        throw failure;
      }
      return results;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      aborted.set(true);
      throw new EngineException(name + " was interrupted", e);
    } finally {
      pool.shutdownNow();
      try {
        pool.awaitTermination(1, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private record Indexed<T>(int index, T value) {}

  private static EngineException asEngineException(Throwable t) {
    if (t instanceof EngineException e) {
      return e;
    }
    return new EngineException(t.getMessage() == null ? t.toString() : t.getMessage(), t);
  }

  private static ThreadFactory factory(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
