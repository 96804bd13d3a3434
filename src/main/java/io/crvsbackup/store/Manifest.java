package io.crvsbackup.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a run of crvs-backup wrote, recorded last so that a set exists only once all of it is on disk.
 *
 * @param label the set's label
 * @param status {@link SetStatus#COMPLETE} or {@link SetStatus#INCOMPLETE}
 * @param created when the run started
 * @param finished when the run ended
 * @param toolVersion the crvs-backup version that wrote it
 * @param artifacts every file of the set, with size and SHA-256
 * @param engines per-engine facts (counts, versions, durations), keyed by engine
 * @param failures what failed, when the set is incomplete
 */
public record Manifest(
    Label label,
    SetStatus status,
    Instant created,
    Optional<Instant> finished,
    String toolVersion,
    List<Artifact> artifacts,
    Map<String, JsonNode> engines,
    List<Failure> failures) {

  /** Format version of the manifest file itself. */
  public static final int FORMAT = 1;

  public Manifest {
    artifacts = List.copyOf(artifacts);
    engines = Map.copyOf(engines);
    failures = List.copyOf(failures);
    if (status == SetStatus.IMPORTED) {
      throw new IllegalArgumentException("a manifest is never written for an imported set");
    }
  }

  /** One part of the run that failed and why. */
  public record Failure(String engine, String message) {}

  public long totalSize() {
    return artifacts.stream().mapToLong(Artifact::size).sum();
  }
}
