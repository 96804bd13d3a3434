package io.crvsbackup.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crvsbackup.store.Artifact;
import io.crvsbackup.store.Label;
import io.crvsbackup.store.Manifest;
import io.crvsbackup.store.SetStatus;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Manifests and runs shaped like the engines' real ones, for the daemon's tests. */
final class Runs {
  static final ObjectMapper JSON = new ObjectMapper();

  private Runs() {}

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text.replace('\'', '"'));
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** A run of all three engines; {@code failed} names an engine whose part failed. */
  static Manifest manifest(String label, Instant created, String... failed) {
    Map<String, JsonNode> facts = new LinkedHashMap<>();
    facts.put("mongo", json("{'ok':true,'durationMs':42000,'documents':15,'databases':{"
        + "'hearth-dev':{'documents':10,'bytes':2048},'user-mgnt':{'documents':5,'bytes':512}}}"));
    facts.put("elasticsearch", json("{'ok':true,'durationMs':3000,'documents':7,'indices':{'ocrvs':{'docs':7}}}"));
    facts.put("influxdb", json("{'ok':true,'durationMs':1500,'databases':[{'name':'ocrvs','totals':{'points':99,"
        + "'bytes':4096}}]}"));
    List<Manifest.Failure> failures = new java.util.ArrayList<>();
    for (String f : failed) {
      facts.put(f, json("{'ok':false,'error':'" + f + " is down','durationMs':10}"));
      failures.add(new Manifest.Failure(f, f + " is down"));
    }
    List<Artifact> artifacts = List.of(
        new Artifact("mongo", "mongo/hearth-dev-" + label + ".gz", 1000, "a".repeat(64)),
        new Artifact("mongo", "mongo/user-mgnt-" + label + ".gz", 200, "b".repeat(64)),
        new Artifact("influxdb", "influxdb/" + label + "/x.meta", 30, "c".repeat(64)));
    return new Manifest(label(label), failures.isEmpty() ? SetStatus.COMPLETE : SetStatus.INCOMPLETE,
        created, Optional.of(created.plusSeconds(60)), "test", artifacts, facts, failures);
  }

  static Label label(String text) {
    try {
      return Label.parse(text);
    } catch (io.crvsbackup.store.BadInputException e) {
      throw new IllegalArgumentException(e);
    }
  }

  static RunRecord ok(String label, Instant started) {
    return RunRecord.of(manifest(label, started));
  }

  static RunRecord failed(String label, Instant started) {
    return RunRecord.of(manifest(label, started, "elasticsearch"));
  }
}
