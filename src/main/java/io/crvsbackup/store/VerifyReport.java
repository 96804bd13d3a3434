package io.crvsbackup.store;

import java.util.List;

/**
 * What {@code verify} found for one set.
 *
 * @param set the set
 * @param checked the files that were read, relative to {@code BACKUP_DIR}
 * @param bytes how many bytes were read
 * @param problems each missing or damaged file by name, or why the set cannot be trusted
 */
public record VerifyReport(BackupSet set, List<String> checked, long bytes, List<String> problems) {
  public VerifyReport {
    checked = List.copyOf(checked);
    problems = List.copyOf(problems);
  }

  public boolean ok() {
    return problems.isEmpty();
  }
}
