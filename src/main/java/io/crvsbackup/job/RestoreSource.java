package io.crvsbackup.job;

import io.crvsbackup.store.BackupSet;
import io.crvsbackup.store.Layout;
import java.util.Map;

/**
 * The set an engine restores from.
 *
 * @param set the verified set
 * @param layout the store's layout
 * @param renames for restore drills: source name to target name (a Mongo database, an index pattern,
 *     an InfluxDB database); empty for a real restore
 * @param listener who hears about progress
 */
public record RestoreSource(BackupSet set, Layout layout, Map<String, String> renames, JobListener listener) {
  public RestoreSource {
    renames = Map.copyOf(renames);
  }
}
