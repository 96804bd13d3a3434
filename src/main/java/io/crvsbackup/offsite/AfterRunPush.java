package io.crvsbackup.offsite;

import io.crvsbackup.store.BackupSet;
import io.crvsbackup.store.BackupStore;
import io.crvsbackup.store.Label;
import io.crvsbackup.store.StoreException;
import io.crvsbackup.store.StoreLock;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The push after a backup run ({@link Offsite#pushAfterBackup}): the run's set first, then every other
 * restorable set among the newest {@code EXTERNAL_BACKUP_RETENTION} (a set that is there already costs a few
 * requests), each attempt over one connection, network failures retried after the backoff; then, when
 * everything succeeded, remote retention. Failures go into the report.
 */
final class AfterRunPush {
  private final BackupStore store;
  private final int retention;
  private final OffsiteListener listener;
  private final Retry retry;
  private final OffsiteService.Sleeper sleeper;
  private final OffsiteService.Connector connector;
  private final RemoteLayout layout;
  private final Encryption encryption;

  AfterRunPush(BackupStore store, int retention, OffsiteListener listener, Retry retry,
      OffsiteService.Sleeper sleeper, OffsiteService.Connector connector, RemoteLayout layout,
      Encryption encryption) {
    this.store = store;
    this.retention = retention;
    this.listener = listener;
    this.retry = retry;
    this.sleeper = sleeper;
    this.connector = connector;
    this.layout = layout;
    this.encryption = encryption;
  }

  /** Pushes the run's set and what the server lacks, with retries; then remote retention. */
  PushReport run(Label written) {
    List<PushReport.Pushed> pushed = new ArrayList<>();
    List<PushReport.Failed> failed = new ArrayList<>();
    List<Label> deleted = new ArrayList<>();
    try (StoreLock lock = store.lock("offsite push after backup " + written, listener::warning)) {
      List<BackupSet> pending = toPush(written, failed);
      OffsiteException last = null;
      for (int attempt = 1; attempt <= retry.attempts() && !pending.isEmpty(); attempt++) {
        if (attempt > 1) {
          Duration wait = retry.backoff().get(attempt - 2);
          listener.warning("offsite push failed (" + last.getMessage() + "); trying again in " + wait.toSeconds()
              + " s (attempt " + attempt + " of " + retry.attempts() + ")");
          sleeper.sleep(wait);
        }
        last = pushRound(pending, pushed, failed);
      }
      for (BackupSet s : pending) {
        failed.add(new PushReport.Failed(s.label(), last));
      }
      if (failed.isEmpty()) {
        deleted.addAll(retention());
      }
    } catch (StoreException | IOException e) {
      failed.add(new PushReport.Failed(written, new OffsiteException(OffsiteException.Kind.LOCAL,
          "offsite push after backup " + written + ": " + e.getMessage(), e)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failed.add(new PushReport.Failed(written, new OffsiteException(OffsiteException.Kind.TRANSFER,
          "offsite push after backup " + written + " was interrupted", e)));
    }
    return new PushReport(pushed, failed, deleted);
  }

  /** The run's set first, then the other restorable sets among the newest N, newest first. */
  private List<BackupSet> toPush(Label written, List<PushReport.Failed> failed) throws StoreException {
    List<BackupSet> sets = new ArrayList<>(store.sets());
    sets.sort(Comparator.comparing(BackupSet::created).thenComparing(BackupSet::label).reversed());
    List<BackupSet> out = new ArrayList<>();
    for (BackupSet s : sets) {
      if (s.label().equals(written) && !s.restorable()) {
        failed.add(new PushReport.Failed(written, new OffsiteException(OffsiteException.Kind.LOCAL, "push "
            + written + ": the set is " + s.status().word() + ", so it is not copied offsite")));
      } else if (s.label().equals(written)) {
        out.add(0, s);
      }
    }
    // A dated snapshot in the shared repository without files of its own shows as an imported set; it is
    // not a set to copy (and must not push real sets out of the remote retention).
    for (BackupSet s : sets.stream().filter(BackupSet::restorable)
        .filter(s -> s.manifest().isPresent() || !s.files().isEmpty()).limit(retention).toList()) {
      if (!s.label().equals(written)) {
        out.add(s);
      }
    }
    return out;
  }

  /**
   * One attempt at the pending sets over one connection; removes what succeeded or failed for good.
   *
   * @return the last retryable failure, or null
   */
  private OffsiteException pushRound(List<BackupSet> pending, List<PushReport.Pushed> pushed,
      List<PushReport.Failed> failed) {
    try (Remote remote = connector.connect()) {
      SetPusher pusher = new SetPusher(store.layout(), remote, layout, encryption, listener, store.clock());
      while (!pending.isEmpty()) {
        BackupSet s = pending.get(0);
        try {
          pushed.add(pusher.push(s));
        } catch (IOException e) {
          OffsiteException x = Failures.translate(e, "push " + s.label(), remote, layout.setDir(s.label()));
          if (x.retryable()) {
            return x;
          }
          failed.add(new PushReport.Failed(s.label(), x));
        } catch (OffsiteException x) {
          if (x.retryable()) {
            return x;
          }
          failed.add(new PushReport.Failed(s.label(), x));
        } catch (StoreException x) {
          failed.add(new PushReport.Failed(s.label(), new OffsiteException(OffsiteException.Kind.LOCAL,
              "push " + s.label() + ": " + x.getMessage(), x)));
        }
        pending.remove(0);
      }
      return null;
    } catch (OffsiteException x) {
      if (x.retryable()) {
        return x;
      }
      pending.forEach(s -> failed.add(new PushReport.Failed(s.label(), x)));
      pending.clear();
      return null;
    } catch (IOException x) {
      return Failures.translate(x, "close the connection", null, layout.root());
    }
  }

  /** Applies remote retention; a failure is a warning, not a failed push. */
  private List<Label> retention() {
    List<Label> deleted = new ArrayList<>();
    try (Remote remote = connector.connect()) {
      List<RemoteCatalog.Found> found = RemoteCatalog.scan(remote, layout, store.clock().getZone());
      List<RemoteRetention.Decision> plan = RemoteRetention.plan(found.stream().map(RemoteCatalog.Found::set)
          .toList(), retention);
      RemotePruner pruner = new RemotePruner(remote, layout, listener);
      List<RemoteManifest> remaining = new ArrayList<>();
      for (int i = 0; i < found.size(); i++) {
        if (!plan.get(i).keep()) {
          pruner.delete(found.get(i));
          deleted.add(found.get(i).set().label());
        } else {
          found.get(i).manifest().ifPresent(remaining::add);
        }
      }
      boolean unreadable = found.stream().anyMatch(f -> f.set().ours() && f.set().problem().isPresent());
      if (unreadable) {
        listener.warning("a remote manifest cannot be read, so no Elasticsearch mirror file is deleted");
      } else if (!deleted.isEmpty()) {
        int n = pruner.collectElasticsearch(remaining);
        listener.info("remote retention: deleted " + deleted.size() + " set(s) and " + n
            + " Elasticsearch mirror file(s) no remaining set needs");
      }
    } catch (IOException | OffsiteException e) {
      listener.warning("remote retention did not finish (" + e.getMessage() + "); it runs again after the next push");
    }
    return deleted;
  }
}
