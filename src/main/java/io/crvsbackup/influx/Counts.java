package io.crvsbackup.influx;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a database holds: series per measurement (distinct tag sets that hold data, over all retention
 * policies), and the values of every field per retention policy and measurement. A backup takes them from
 * its shards ({@link ShardCounter}), a restore through the HTTP API ({@link #take}). A point has at least
 * one field, so a measurement's point count is its largest field count (exact when one field is in every
 * point).
 *
 * @param series measurement to number of series
 * @param fields retention policy to measurement to field to number of values
 */
record Counts(Map<String, Long> series, Map<String, Map<String, Map<String, Long>>> fields) {
  private static final String COUNT_PREFIX = "count_";

  Counts {
    series = java.util.Collections.unmodifiableMap(new TreeMap<>(series));
    Map<String, Map<String, Map<String, Long>>> copy = new TreeMap<>();
    fields.forEach((rp, ms) -> {
      Map<String, Map<String, Long>> m = new TreeMap<>();
      ms.forEach((name, f) -> m.put(name, java.util.Collections.unmodifiableMap(new TreeMap<>(f))));
      copy.put(rp, java.util.Collections.unmodifiableMap(m));
    });
    fields = java.util.Collections.unmodifiableMap(copy);
  }

  /**
   * Counts a database's values per field in each of {@code retentionPolicies}, and its series: one
   * {@code SELECT count(*) ... GROUP BY *} per retention policy, whose rows are the series that hold data.
   * Series are counted per measurement over all retention policies, by their tag sets (tags with an empty
   * value are absent). This does not depend on the index: {@code SHOW SERIES} lists only the default
   * retention policy's series on 1.8 with tsi1.
   */
  static Counts take(InfluxHttp http, String db, Iterable<String> retentionPolicies) throws IOException {
    Map<String, Set<Map<String, String>>> tagSets = new TreeMap<>();
    Map<String, Map<String, Map<String, Long>>> fields = new TreeMap<>();
    for (String rp : retentionPolicies) {
      Map<String, Map<String, Long>> measurements = new TreeMap<>();
      http.queryChunked(db, InfluxQl.countAllBySeries(db, rp), result -> {
        for (JsonNode s : result.path("series")) {
          String name = s.path("name").asText();
          Map<String, Long> f = measurements.computeIfAbsent(name, k -> new TreeMap<>());
          JsonNode columns = s.path("columns");
          boolean any = false;
          for (JsonNode row : s.path("values")) {
            for (int i = 0; i < columns.size(); i++) {
              String c = columns.path(i).asText();
              long n = row.path(i).canConvertToLong() ? row.path(i).asLong() : 0;
              if (c.startsWith(COUNT_PREFIX) && n > 0) {
                f.merge(c.substring(COUNT_PREFIX.length()), n, Long::sum);
                any = true;
              }
            }
          }
          if (any) {
            Map<String, String> tags = new TreeMap<>();
            s.path("tags").properties().forEach(t -> {
              if (!t.getValue().asText().isEmpty()) {
                tags.put(t.getKey(), t.getValue().asText());
              }
            });
            tagSets.computeIfAbsent(name, k -> new java.util.HashSet<>()).add(tags);
          }
        }
      });
      measurements.values().removeIf(Map::isEmpty);
      fields.put(rp, measurements);
    }
    Map<String, Long> series = new TreeMap<>();
    tagSets.forEach((m, sets) -> series.put(m, (long) sets.size()));
    return new Counts(series, fields);
  }

  /** A measurement's points in a retention policy: its largest field count. */
  static long points(Map<String, Long> fieldCounts) {
    return fieldCounts.values().stream().mapToLong(Long::longValue).max().orElse(0);
  }

  long totalSeries() {
    return series.values().stream().mapToLong(Long::longValue).sum();
  }

  long totalPoints() {
    return fields.values().stream().flatMap(m -> m.values().stream()).mapToLong(Counts::points).sum();
  }

  /**
   * Where {@code actual} falls outside what the backup recorded: every count must lie between its value in
   * {@code low} and in {@code high} (the counts taken before and after the shards were exported; the same
   * counts when nothing was written meanwhile). Missing counts are 0.
   *
   * @return one line per difference, naming the measurement (and field)
   */
  static List<String> differences(Counts low, Counts high, Counts actual) {
    List<String> out = new ArrayList<>();
    Set<String> measurements = new TreeSet<>(low.series.keySet());
    measurements.addAll(high.series.keySet());
    measurements.addAll(actual.series.keySet());
    for (String m : measurements) {
      check("measurement " + InfluxQl.ident(m) + ": series", low.series.getOrDefault(m, 0L),
          high.series.getOrDefault(m, 0L), actual.series.getOrDefault(m, 0L), out);
    }
    Set<String> rps = new TreeSet<>(low.fields.keySet());
    rps.addAll(high.fields.keySet());
    rps.addAll(actual.fields.keySet());
    for (String rp : rps) {
      Set<String> ms = new TreeSet<>(low.fields.getOrDefault(rp, Map.of()).keySet());
      ms.addAll(high.fields.getOrDefault(rp, Map.of()).keySet());
      ms.addAll(actual.fields.getOrDefault(rp, Map.of()).keySet());
      for (String m : ms) {
        Map<String, Long> l = low.fields.getOrDefault(rp, Map.of()).getOrDefault(m, Map.of());
        Map<String, Long> h = high.fields.getOrDefault(rp, Map.of()).getOrDefault(m, Map.of());
        Map<String, Long> a = actual.fields.getOrDefault(rp, Map.of()).getOrDefault(m, Map.of());
        Set<String> fs = new TreeSet<>(l.keySet());
        fs.addAll(h.keySet());
        fs.addAll(a.keySet());
        for (String f : fs) {
          check(InfluxQl.ident(rp) + "." + InfluxQl.ident(m) + " field " + InfluxQl.ident(f) + ": values",
              l.getOrDefault(f, 0L), h.getOrDefault(f, 0L), a.getOrDefault(f, 0L), out);
        }
      }
    }
    return out;
  }

  private static void check(String what, long a, long b, long actual, List<String> out) {
    long min = Math.min(a, b);
    long max = Math.max(a, b);
    if (actual < min || actual > max) {
      out.add(what + " " + actual + ", the backup recorded " + (min == max ? Long.toString(min) : min + " to " + max));
    }
  }
}
