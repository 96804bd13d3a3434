package io.crvsbackup.job;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.crvsbackup.store.BackupSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An engine for the flows' tests, where the engine is not what is tested: its restore runs a check the
 * test gives (for example, that every dependent service is at 0 at that moment) and counts its calls.
 */
final class FakeEngine implements Engine {
  static final String NAME = "fake";

  /** What the restore does. */
  @FunctionalInterface
  interface Action {
    void run() throws Exception;
  }

  final AtomicInteger restores = new AtomicInteger();
  private final Action onRestore;
  private final List<String> offlineProblems;

  FakeEngine(Action onRestore) {
    this(onRestore, List.of());
  }

  FakeEngine(Action onRestore, List<String> offlineProblems) {
    this.onRestore = onRestore;
    this.offlineProblems = List.copyOf(offlineProblems);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public EngineResult backup(BackupTarget target) throws EngineException {
    throw new EngineException("the fake engine does not back up");
  }

  @Override
  public List<String> verifyOffline(BackupSet set, JobListener listener) {
    return offlineProblems;
  }

  @Override
  public EngineResult restore(RestoreSource source) throws EngineException {
    restores.incrementAndGet();
    try {
      onRestore.run();
    } catch (EngineException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new EngineException("fake restore: " + e.getMessage(), e);
    }
    return new EngineResult(List.of(), JsonNodeFactory.instance.objectNode().put("restored", true), List.of());
  }
}
