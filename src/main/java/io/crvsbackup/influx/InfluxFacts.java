package io.crvsbackup.influx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The facts the InfluxDB part of a set records in our manifest, and how a restore reads them back:
 * server, files, and per database its retention policies, shards, sizes, and counts (series per
 * measurement; values per field, measurement and retention policy). Sets written before the counts came
 * from the shards may hold a second reading, {@code countsAfter}; a restore accepts anything between the two.
 */
final class InfluxFacts {
  /** Version of this facts layout; a restore refuses a newer one. */
  static final int FORMAT = 1;
  /** How the counts were taken; sets before this field counted through the HTTP API (see countsAfter). */
  static final String COUNTED_FROM_SHARDS = "from the exported shards";
  static final String WAL_NOTE = "influxd writes a shard's cache (the WAL) to TSM before it exports the shard,"
      + " so every point written before a shard's export is in this backup; points written while the backup"
      + " ran may be missing. From 1.8.5, when a cache snapshot is already being written, the export goes on"
      + " without the cache (the influxd log says 'Snapshotter busy: proceeding without cache contents') and"
      + " the newest points are missing. The counts were taken from the exported shards themselves, so they"
      + " describe exactly what this backup holds, and a restore checks that the server shows the same.";

  /**
   * A shard as written: its file, the size of the tar in it and of the file, its time range, and how many
   * deleted values it still holds (restores bring them back).
   */
  record Shard(long id, String retentionPolicy, String file, long tarBytes, long bytes, long start, long end,
      long deletedValues) {}

  /** A database as backed up: its metastore entry, its shards, and what they hold (empty: not counted). */
  record Database(MetaData.Database meta, List<Shard> shards, Optional<Counts> counts) {
    Counts before() {
      return counts.orElse(new Counts(Map.of(), Map.of()));
    }
  }

  /** What a restore compares against: the counts before and after the export of one database. */
  record Expected(Counts low, Counts high) {}

  private InfluxFacts() {}

  static ObjectNode encode(
      String serverVersion, String url, String rpc, String folder, String metaFile, String manifestFile,
      List<Database> databases, List<String> skipped) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("format", FORMAT);
    root.putObject("server").put("version", serverVersion).put("url", url).put("rpc", rpc);
    root.put("folder", folder);
    root.put("metaFile", metaFile);
    root.put("manifestFile", manifestFile);
    long shards = 0;
    long bytes = 0;
    var list = root.putArray("databases");
    for (Database d : databases) {
      list.add(database(d));
      shards += d.shards().size();
      bytes += d.shards().stream().mapToLong(Shard::bytes).sum();
    }
    root.putObject("totals").put("databases", databases.size()).put("shards", shards).put("bytes", bytes)
        .put("series", databases.stream().mapToLong(d -> d.before().totalSeries()).sum())
        .put("points", databases.stream().mapToLong(d -> d.before().totalPoints()).sum());
    skipped.forEach(root.putArray("skippedDatabases")::add);
    root.put("note", WAL_NOTE);
    return root;
  }

  private static ObjectNode database(Database d) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("name", d.meta().name());
    n.put("defaultRetentionPolicy", d.meta().defaultRetentionPolicy());
    var rps = n.putArray("retentionPolicies");
    for (MetaData.RetentionPolicy rp : d.meta().retentionPolicies()) {
      ObjectNode r = rps.addObject();
      r.put("name", rp.name()).put("durationNs", rp.duration()).put("shardGroupDurationNs", rp.shardGroupDuration())
          .put("replicaN", rp.replicaN());
      var shards = r.putArray("shards");
      d.shards().stream().filter(s -> s.retentionPolicy().equals(rp.name())).forEach(s -> shards.addObject()
          .put("id", s.id()).put("file", s.file())
          .put("start", Instant.ofEpochSecond(0, s.start()).toString())
          .put("end", Instant.ofEpochSecond(0, s.end()).toString())
          .put("tarBytes", s.tarBytes()).put("bytes", s.bytes()).put("deletedValuesNotCompacted", s.deletedValues()));
      ObjectNode ms = r.putObject("measurements");
      d.before().fields().getOrDefault(rp.name(), Map.of()).forEach((m, f) -> {
        ObjectNode mn = ms.putObject(m);
        mn.put("points", Counts.points(f));
        ObjectNode fn = mn.putObject("fields");
        f.forEach(fn::put);
      });
    }
    ObjectNode series = n.putObject("series");
    d.before().series().forEach(series::put);
    var cqs = n.putArray("continuousQueries");
    d.meta().continuousQueries().forEach(cq -> cqs.addObject().put("name", cq.name()).put("query", cq.query()));
    n.putObject("totals").put("shards", d.shards().size())
        .put("bytes", d.shards().stream().mapToLong(Shard::bytes).sum())
        .put("series", d.before().totalSeries()).put("points", d.before().totalPoints());
    n.put("counted", d.counts().isPresent() ? COUNTED_FROM_SHARDS : "no");
    return n;
  }

  /**
   * Reads what a restore needs from a set's facts.
   *
   * @return per database name, the counts to compare against
   * @throws FormatException when the facts are of a newer layout or not ours
   */
  static Map<String, Expected> expected(JsonNode facts, String what) throws FormatException {
    int format = facts.path("format").asInt(-1);
    if (format != FORMAT) {
      throw new FormatException(what + " records InfluxDB facts of format " + facts.path("format")
          + ", and this crvs-backup reads format " + FORMAT + ": the set comes from an incompatible version"
          + " of crvs-backup");
    }
    Map<String, Expected> out = new LinkedHashMap<>();
    for (JsonNode d : facts.path("databases")) {
      if (d.path("counted").asText().equals("no")) {
        continue;
      }
      Map<String, Long> series = longs(d.path("series"));
      Map<String, Map<String, Map<String, Long>>> fields = new TreeMap<>();
      for (JsonNode rp : d.path("retentionPolicies")) {
        Map<String, Map<String, Long>> ms = new TreeMap<>();
        rp.path("measurements").properties().forEach(e -> ms.put(e.getKey(), longs(e.getValue().path("fields"))));
        fields.put(rp.path("name").asText(), ms);
      }
      Counts before = new Counts(series, fields);
      Counts after = before;
      JsonNode a = d.path("countsAfter");
      if (a.isObject()) {
        Map<String, Map<String, Map<String, Long>>> af = new TreeMap<>();
        a.path("fields").properties().forEach(rp -> {
          Map<String, Map<String, Long>> ms = new TreeMap<>();
          rp.getValue().properties().forEach(m -> ms.put(m.getKey(), longs(m.getValue())));
          af.put(rp.getKey(), ms);
        });
        after = new Counts(longs(a.path("series")), af);
      }
      out.put(d.path("name").asText(), new Expected(before, after));
    }
    return out;
  }

  /** The databases whose counts were taken from the exported shards (and can so be checked offline). */
  static List<String> countedFromShards(JsonNode facts) {
    List<String> out = new ArrayList<>();
    facts.path("databases").forEach(d -> {
      if (d.path("counted").asText().equals(COUNTED_FROM_SHARDS)) {
        out.add(d.path("name").asText());
      }
    });
    return out;
  }

  /** The databases a set of ours holds, in the order backed up. */
  static List<String> databases(JsonNode facts) {
    List<String> out = new ArrayList<>();
    facts.path("databases").forEach(d -> out.add(d.path("name").asText()));
    return out;
  }

  /** The shard file names the facts list, for a consistency check against the portable manifest. */
  static List<String> shardFiles(JsonNode facts) {
    List<String> out = new ArrayList<>();
    facts.path("databases").forEach(d -> d.path("retentionPolicies")
        .forEach(rp -> rp.path("shards").forEach(s -> out.add(s.path("file").asText()))));
    return out;
  }

  static Optional<String> string(JsonNode facts, String field) {
    JsonNode n = facts.path(field);
    return n.isTextual() ? Optional.of(n.asText()) : Optional.empty();
  }

  private static Map<String, Long> longs(JsonNode obj) {
    Map<String, Long> out = new TreeMap<>();
    obj.properties().forEach(e -> out.put(e.getKey(), e.getValue().asLong()));
    return out;
  }
}
