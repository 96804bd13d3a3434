package io.crvsbackup.job;

import io.crvsbackup.store.BackupStore;
import io.crvsbackup.store.StoreException;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies retention: for each set that goes, every engine first forgets what it keeps outside the
 * set's files (an Elasticsearch snapshot), then the files are deleted. When an engine cannot forget, the
 * set is kept whole and the next prune tries again. The caller holds the store lock.
 */
public final class PruneJob {
  private final BackupStore store;
  private final List<Engine> engines;
  private final JobListener listener;

  public PruneJob(BackupStore store, List<Engine> engines, JobListener listener) {
    this.store = store;
    this.engines = List.copyOf(engines);
    this.listener = listener;
  }

  /** What a prune did: the sets deleted, and those kept because an engine could not forget them. */
  public record Outcome(List<BackupStore.PruneItem> deleted, List<String> postponed) {}

  public Outcome run(List<BackupStore.PruneItem> plan) throws StoreException {
    List<BackupStore.PruneItem> deletable = new ArrayList<>();
    List<String> postponed = new ArrayList<>();
    for (BackupStore.PruneItem item : plan) {
      if (item.decision().keep()) {
        continue;
      }
      boolean forgotten = true;
      for (Engine e : engines) {
        try {
          e.forget(item.decision().set(), listener);
        } catch (EngineException ex) {
          forgotten = false;
          String why = item.decision().set().label() + " kept for now: " + ex.getMessage();
          postponed.add(e.name() + ": " + why);
          listener.warning(e.name(), why);
        }
      }
      if (forgotten) {
        deletable.add(item);
      }
    }
    store.prune(deletable);
    return new Outcome(deletable, postponed);
  }
}
