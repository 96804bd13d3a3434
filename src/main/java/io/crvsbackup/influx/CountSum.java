package io.crvsbackup.influx;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Adds up the counts of a database's shards: values per retention policy, measurement and field, and
 * distinct series keys per measurement over all shards (a series may have data in many shards).
 */
final class CountSum {
  private final Map<String, Map<String, Map<String, Long>>> fields = new TreeMap<>();
  private final Map<String, Set<String>> series = new TreeMap<>();

  void add(String retentionPolicy, ShardCounter.Result shard) {
    Map<String, Map<String, Long>> rp = fields.computeIfAbsent(retentionPolicy, k -> new TreeMap<>());
    shard.fields().forEach((m, f) -> f.forEach((field, n) ->
        rp.computeIfAbsent(m, k -> new TreeMap<>()).merge(field, n, Long::sum)));
    shard.series().forEach(k ->
        series.computeIfAbsent(InfluxQl.measurementOfSeriesKey(k), m -> new HashSet<>()).add(k));
  }

  Counts counts() {
    Map<String, Long> n = new TreeMap<>();
    series.forEach((m, keys) -> n.put(m, (long) keys.size()));
    return new Counts(n, fields);
  }
}
