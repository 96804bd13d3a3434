package io.crvsbackup.offsite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Tasks run a few at a time; the first failure stops the rest, and nothing still runs when it is thrown. */
class ParallelFilesTest {
  @Test
  void everyTaskRunsOnAtMostTheGivenNumberOfThreads() throws Exception {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    Set<Integer> done = ConcurrentHashMap.newKeySet();
    List<ParallelFiles.FileTask> tasks = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      int id = i;
      tasks.add(() -> {
        most.accumulateAndGet(running.incrementAndGet(), Math::max);
        sleep(5);
        running.decrementAndGet();
        done.add(id);
      });
    }

    ParallelFiles.run(tasks, 4, "test-worker", "testing");

    assertThat(done).hasSize(40);
    assertThat(most.get()).isBetween(2, 4);
  }

  @Test
  void theFirstFailureStopsTheTasksNotStartedAndWaitsForTheRunningOnes() {
    AtomicInteger started = new AtomicInteger();
    AtomicInteger running = new AtomicInteger();
    IOException boom = new IOException("elasticsearch/indices/x/0/__3 does not match its manifest");
    List<ParallelFiles.FileTask> tasks = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      int id = i;
      tasks.add(() -> {
        started.incrementAndGet();
        running.incrementAndGet();
        try {
          sleep(20);
          if (id == 3) {
            throw boom;
          }
        } finally {
          running.decrementAndGet();
        }
      });
    }

    Throwable thrown = catchThrowable(() -> ParallelFiles.run(tasks, 4, "test-worker", "testing"));

    assertThat(thrown).isSameAs(boom);
    assertThat(running.get()).as("tasks still running when the failure is thrown").isZero();
    assertThat(started.get()).as("tasks started of 200").isLessThan(100);
  }

  @Test
  void aRuntimeFailureIsReportedAsAnIoErrorNamingIt() {
    Throwable thrown = catchThrowable(() -> ParallelFiles.run(
        List.of(() -> {
          throw new IllegalStateException("disk gone");
        }), 4, "test-worker", "testing"));

    assertThat(thrown).isInstanceOf(IOException.class).hasMessageContaining("IllegalStateException: disk gone");
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
