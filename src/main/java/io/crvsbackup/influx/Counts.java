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
 * What a database holds, counted through the HTTP API: series per measurement ({@code SHOW SERIES},
 * counted here because 1.6's {@code SHOW SERIES EXACT CARDINALITY} adds up every shard), and the values
 * of every field per retention policy and measurement ({@code SELECT count(*)}, all time). A point has at
 * least one field, so a measurement's point count is its largest field count (exact when one field is in
 * every point).
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

  /** Counts a database's series and, in each of {@code retentionPolicies}, its field values. */
  static Counts take(InfluxHttp http, String db, Iterable<String> retentionPolicies) throws IOException {
    Map<String, Long> series = new TreeMap<>();
    http.queryChunked(db, "SHOW SERIES", result -> {
      for (JsonNode s : result.path("series")) {
        for (JsonNode v : s.path("values")) {
          series.merge(InfluxQl.measurementOfSeriesKey(v.path(0).asText()), 1L, Long::sum);
        }
      }
    });
    Map<String, Map<String, Map<String, Long>>> fields = new TreeMap<>();
    for (String rp : retentionPolicies) {
      Map<String, Map<String, Long>> measurements = new TreeMap<>();
      JsonNode result = http.query(db, InfluxQl.countAll(db, rp));
      for (JsonNode s : result.path("series")) {
        Map<String, Long> f = new TreeMap<>();
        JsonNode columns = s.path("columns");
        JsonNode row = s.path("values").path(0);
        for (int i = 0; i < columns.size(); i++) {
          String c = columns.path(i).asText();
          if (c.startsWith(COUNT_PREFIX) && row.path(i).canConvertToLong()) {
            f.put(c.substring(COUNT_PREFIX.length()), row.path(i).asLong());
          }
        }
        measurements.put(s.path("name").asText(), f);
      }
      fields.put(rp, measurements);
    }
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
