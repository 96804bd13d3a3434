package io.crvsbackup.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One consistent picture of the daemon for {@code /metrics} and {@code /status}: health, the runs, each
 * engine's last good part with its databases, failure counters, and the offsite push state.
 *
 * @param offsite {@code disabled} (no {@code EXTERNAL_BACKUP_HOST}), {@code unknown} (configured, but the
 *     last good set records no push), {@code ok} or {@code failed} (as its manifest records it)
 */
record Report(
    Instant now,
    Health.Verdict health,
    Optional<Instant> nextRun,
    Optional<Instant> runningSince,
    Optional<RunRecord> last,
    Optional<RunRecord> lastSuccess,
    Map<String, History.EngineRun> engines,
    Map<String, Long> failures,
    Map<String, Long> runs,
    String offsite) {

  static final List<String> OFFSITE_STATES = List.of("disabled", "unknown", "ok", "failed");

  /** One database (or index, or InfluxDB database) of an engine's part, from the manifest's facts. */
  record Database(String name, Optional<Long> documents, Optional<Long> bytes) {}

  /**
   * The databases an engine's facts describe: MongoDB's {@code databases.<db>.documents/bytes},
   * InfluxDB's {@code databases[].name/totals.points/totals.bytes}, Elasticsearch's {@code indices.<i>.docs}.
   */
  static List<Database> databases(JsonNode facts) {
    List<Database> out = new ArrayList<>();
    JsonNode dbs = facts.path("databases");
    if (dbs.isObject()) {
      dbs.fields().forEachRemaining(e -> out.add(new Database(e.getKey(),
          number(e.getValue(), "documents", "points"), number(e.getValue(), "bytes"))));
    } else if (dbs.isArray()) {
      dbs.forEach(d -> out.add(new Database(d.path("name").asText(),
          number(d.path("totals"), "points", "documents"), number(d.path("totals"), "bytes"))));
    }
    facts.path("indices").fields().forEachRemaining(e -> out.add(new Database(e.getKey(),
        number(e.getValue(), "docs", "documents"), number(e.getValue(), "bytes", "sizeBytes"))));
    return out;
  }

  private static Optional<Long> number(JsonNode n, String... names) {
    for (String name : names) {
      if (n.path(name).isNumber()) {
        return Optional.of(n.path(name).asLong());
      }
    }
    return Optional.empty();
  }

  /** The offsite state of the last good set: its manifest's {@code offsite} entry, when it has one. */
  static String offsite(boolean enabled, Optional<RunRecord> lastSuccess) {
    if (!enabled) {
      return "disabled";
    }
    Optional<JsonNode> pushed = lastSuccess.flatMap(RunRecord::manifest)
        .flatMap(m -> Optional.ofNullable(m.engines().get("offsite")));
    if (pushed.isEmpty() || !pushed.get().has("ok")) {
      return "unknown";
    }
    return pushed.get().path("ok").asBoolean() ? "ok" : "failed";
  }
}
