package io.crvsbackup.store;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;

/**
 * One backup set as found on disk.
 *
 * @param label its label
 * @param status complete, incomplete or imported
 * @param created when it was taken (for an imported set: the start of its date)
 * @param day the day it belongs to: its date label, else the local date of {@code created}
 * @param manifest our manifest, absent for imported and interrupted sets
 * @param files the files that make it up (absolute paths), as the manifest lists them or as found
 * @param engines the engines it holds data for
 * @param snapshot the Elasticsearch snapshot {@code snapshot_<label>} when the repository holds it
 * @param lastVerify the result of the last {@code verify}, when there was one
 * @param problem why the set cannot be trusted (an unreadable manifest), when so
 */
public record BackupSet(
    Label label,
    SetStatus status,
    Instant created,
    LocalDate day,
    Optional<Manifest> manifest,
    List<Path> files,
    SortedSet<String> engines,
    Optional<String> snapshot,
    Optional<VerifyRecord> lastVerify,
    Optional<String> problem) {

  public BackupSet {
    files = List.copyOf(files);
  }

  /** Whether the set may be restored: complete or imported, and nothing known to be wrong. */
  public boolean restorable() {
    return status.restorable() && problem.isEmpty();
  }
}
