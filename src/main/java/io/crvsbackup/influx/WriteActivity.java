package io.crvsbackup.influx;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The write counters of a database's shards ({@code SHOW STATS FOR 'shard'}: write requests per shard
 * since it was opened). Two equal readings mean nothing was written in between, so one count taken
 * between them describes exactly what the shard exports saw; that spares counting twice.
 */
final class WriteActivity {
  private WriteActivity() {}

  /**
   * @return shard id to write requests, or empty when the server would not say (then callers assume
   *     writes happened)
   */
  static Optional<Map<Long, Long>> take(InfluxHttp http, String db) {
    try {
      Map<Long, Long> out = new TreeMap<>();
      JsonNode result = http.query(null, "SHOW STATS FOR 'shard'");
      for (JsonNode s : result.path("series")) {
        JsonNode tags = s.path("tags");
        if (!db.equals(tags.path("database").asText(null))) {
          continue;
        }
        JsonNode columns = s.path("columns");
        JsonNode row = s.path("values").path(0);
        long writes = -1;
        for (int i = 0; i < columns.size(); i++) {
          if (columns.path(i).asText().equals("writeReq")) {
            writes = row.path(i).asLong(-1);
          }
        }
        out.put(tags.path("id").asLong(-1), writes);
      }
      return Optional.of(out);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Whether two readings prove that nothing was written between them. */
  static boolean quiet(Optional<Map<Long, Long>> before, Optional<Map<Long, Long>> after) {
    return before.isPresent() && before.equals(after) && !before.get().containsValue(-1L);
  }
}
