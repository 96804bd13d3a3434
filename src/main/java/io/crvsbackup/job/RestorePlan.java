package io.crvsbackup.job;

import io.crvsbackup.store.BackupSet;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a restore will do, shown to the operator before anything is touched.
 *
 * @param set the verified set
 * @param note why this set was chosen, when that needs saying (a newer set was skipped)
 * @param engines the engines that will replace their data, in order
 * @param files per engine, the set's files it restores from
 * @param renames source name to target name, for restore drills; empty for a real restore
 * @param verifiedBytes how many bytes verification read
 */
public record RestorePlan(
    BackupSet set,
    Optional<String> note,
    List<Engine> engines,
    Map<String, List<Path>> files,
    Map<String, String> renames,
    long verifiedBytes) {

  public RestorePlan {
    engines = List.copyOf(engines);
    files = Map.copyOf(files);
    renames = Map.copyOf(renames);
  }

  /** The same plan carried out by {@code fresh} engines (built once the endpoints are discovered). */
  public RestorePlan withEngines(List<Engine> fresh) {
    List<Engine> bound = engines.stream()
        .map(e -> fresh.stream().filter(f -> f.name().equals(e.name())).findFirst().orElse(e))
        .toList();
    return new RestorePlan(set, note, bound, files, renames, verifiedBytes);
  }
}
