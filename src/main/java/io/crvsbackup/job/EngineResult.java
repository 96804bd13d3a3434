package io.crvsbackup.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.crvsbackup.store.Artifact;
import java.util.List;

/**
 * What an engine did: the files it wrote (on backup), the facts for the manifest (counts, versions,
 * durations), and warnings that did not fail it.
 */
public record EngineResult(List<Artifact> artifacts, JsonNode facts, List<String> warnings) {
  public EngineResult {
    artifacts = List.copyOf(artifacts);
    warnings = List.copyOf(warnings);
  }
}
