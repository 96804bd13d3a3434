package io.crvsbackup.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The backup-set store under {@code BACKUP_DIR}: finding sets, resolving what an operator asks for,
 * verifying, pruning, locking, and recording runs. Every path comes from {@link Layout}.
 */
public final class BackupStore {
  private final Layout layout;
  private final Clock clock;

  private BackupStore(Layout layout, Clock clock) {
    this.layout = layout;
    this.clock = clock;
  }

  /**
   * Opens the store, checking the directory first.
   *
   * @param writable whether the caller will write (backup, prune, verify records, restore journal)
   * @throws StoreException when the directory is missing, not a directory, or not writable when it must be
   */
  public static BackupStore open(Path dir, Clock clock, boolean writable) throws StoreException {
    if (!Files.exists(dir)) {
      throw new BadInputException(
          "BACKUP_DIR " + dir + " does not exist; create it, or mount the host's backup folder there"
              + " (in the stack: /data/backups)");
    }
    if (!Files.isDirectory(dir)) {
      throw new BadInputException("BACKUP_DIR " + dir + " is not a directory");
    }
    if (writable) {
      Path probe = dir.resolve(".write-test-" + ProcessHandle.current().pid());
      try {
        Files.write(probe, new byte[0]);
        Files.delete(probe);
      } catch (IOException e) {
        throw new BadInputException(
            "BACKUP_DIR " + dir + " is not writable (" + e.getClass().getSimpleName()
                + "); check the mount and its permissions");
      }
    }
    return new BackupStore(new Layout(dir), clock);
  }

  public Layout layout() {
    return layout;
  }

  public Clock clock() {
    return clock;
  }

  /** Every set, oldest first. */
  public List<BackupSet> sets() throws StoreException {
    return new SetCatalog(layout, clock.getZone()).scan();
  }

  /** Resolves an operator's {@code <when>}; see {@link SetResolver}. */
  public Resolution resolve(String when) throws StoreException {
    return SetResolver.resolve(when, sets());
  }

  /** Takes the process-wide store lock; see {@link StoreLock}. */
  public StoreLock lock(String purpose, Consumer<String> warnings) throws StoreException {
    return StoreLock.acquire(layout.lockFile(), purpose, clock, warnings);
  }

  /**
   * Marks the start of a run on disk, so that an interrupted run shows as incomplete.
   *
   * @throws BadInputException when a set with that label exists already
   */
  public void beginRun(Label label) throws StoreException {
    if (Files.exists(layout.manifest(label)) || Files.exists(layout.startedMarker(label))) {
      throw new BadInputException(
          "a set labelled " + label + " exists already; choose another label or prune it first");
    }
    try {
      AtomicFiles.write(
          layout.startedMarker(label), clock.instant().toString().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new StoreException("cannot mark the start of run " + label + ": " + e.getMessage(), e);
    }
  }

  /** Writes the manifest, last and atomically, then clears the start marker. */
  public WrittenFile finishRun(Manifest manifest) throws StoreException {
    try {
      WrittenFile f = AtomicFiles.write(layout.manifest(manifest.label()), ManifestCodec.encode(manifest));
      Files.deleteIfExists(layout.startedMarker(manifest.label()));
      return f;
    } catch (IOException e) {
      throw new StoreException("cannot write the manifest of " + manifest.label() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Verifies a set and records the result beside its manifest for {@code list}.
   *
   * @param progress receives one line per file checked
   */
  public VerifyReport verify(BackupSet set, Consumer<String> progress) throws StoreException {
    VerifyReport report = check(set, progress);
    record(report);
    return report;
  }

  /** Checks a set's files (existence, sizes, sha256; format checks for imported sets); records nothing. */
  public VerifyReport check(BackupSet set, Consumer<String> progress) {
    return new Verifier(layout, progress).verify(set);
  }

  /** Records a verification's outcome beside the set's manifest, for {@code list}. */
  public void record(VerifyReport report) throws StoreException {
    VerifyRecord record = new VerifyRecord(clock.instant(), report.ok(), report.problems());
    try {
      AtomicFiles.write(layout.verifiedRecord(report.set().label()), SetCatalog.encodeVerify(record));
    } catch (IOException e) {
      throw new StoreException(
          "cannot record the verification of " + report.set().label() + ": " + e.getMessage(), e);
    }
  }

  /** A prune decision with the files it would delete. */
  public record PruneItem(Retention.Decision decision, List<Path> files) {}

  /** What pruning would do today: every set with its decision, and the files of those that go. */
  public List<PruneItem> planPrune(int retentionDays) throws StoreException {
    List<BackupSet> sets = sets();
    List<Retention.Decision> decisions = Retention.plan(sets, LocalDate.now(clock), retentionDays);
    List<BackupSet> kept = decisions.stream().filter(Retention.Decision::keep).map(Retention.Decision::set).toList();
    Pruner pruner = new Pruner(layout);
    List<PruneItem> items = new ArrayList<>();
    for (Retention.Decision d : decisions) {
      items.add(new PruneItem(d, d.keep() ? List.of() : pruner.filesOf(d.set(), kept)));
    }
    return items;
  }

  /** Deletes what the plan lets go. The caller holds the lock. */
  public void prune(List<PruneItem> plan) throws StoreException {
    Pruner pruner = new Pruner(layout);
    for (PruneItem item : plan) {
      if (!item.decision().keep()) {
        pruner.delete(item.decision().set(), item.files());
      }
    }
  }
}
