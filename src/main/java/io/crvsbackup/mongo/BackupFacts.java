package io.crvsbackup.mongo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crvsbackup.mongo.archive.ArchivePrelude;
import io.crvsbackup.mongo.archive.Namespace;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The facts the Mongo engine records in a set's manifest, under {@code engines.mongo}, and reads back
 * to check an archive (offline, or before a restore) and a restored database:
 *
 * <pre>{@code
 * {"hosts": "mongo1:27017", "serverVersion": "7.0.12", "documents": 1234,
 *  "databases": {"hearth-dev": {"file": "mongo/hearth-dev-2026-11-25.gz", "exists": true,
 *     "documents": 1234, "bytes": 567890, "durationMs": 812, "excluded": [],
 *     "collections": [{"name": "Patient", "type": "collection", "documents": 1200,
 *                      "bytes": 560000, "crc": "9a3f0c2b5e6d7f81"}, ...]}}}
 * }</pre>
 *
 * A time-series collection's entry adds {@code "dataCollection": "system.buckets.<name>"} (its
 * documents are the buckets); a collection dropped during the dump has {@code "dropped": true}.
 */
final class BackupFacts {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /** One collection's expected content: documents and CRC of its data namespace. */
  record Expected(String collection, long documents, String crc) {}

  private BackupFacts() {}

  static ObjectNode engine(String hosts, String serverVersion, Optional<String> ferretdb) {
    ObjectNode n = JSON.objectNode().put("hosts", hosts).put("serverVersion", serverVersion);
    ferretdb.ifPresent(v -> n.put("ferretdbVersion", v));
    n.put("documents", 0L);
    n.putObject("databases");
    return n;
  }

  /** Adds one dumped database to the engine's facts. */
  static void addDatabase(
      ObjectNode engine, DatabaseDumper.Result r, String file, boolean exists, Duration took) {
    ObjectNode db = ((ObjectNode) engine.get("databases")).putObject(r.database());
    db.put("file", file).put("exists", exists);
    long documents = 0;
    long bytes = 0;
    ArrayNode collections = JSON.arrayNode();
    for (CollectionDumper.Result c : r.collections()) {
      ObjectNode cn = collections.addObject();
      cn.put("name", c.item().name()).put("type", c.item().type());
      Namespace data = c.summary().namespace();
      if (!data.collection().equals(c.item().name())) {
        cn.put("dataCollection", data.collection());
      }
      cn.put("documents", c.summary().documents())
          .put("bytes", c.summary().bytes())
          .put("crc", crcHex(c.summary().crc()));
      if (c.dropped()) {
        cn.put("dropped", true);
      }
      documents += c.summary().documents();
      bytes += c.summary().bytes();
    }
    db.put("documents", documents).put("bytes", bytes).put("durationMs", took.toMillis());
    ArrayNode excluded = db.putArray("excluded");
    r.plan().excluded().forEach(excluded::add);
    db.set("collections", collections);
    engine.put("documents", engine.get("documents").asLong() + documents);
  }

  static String crcHex(long crc) {
    return String.format(Locale.ROOT, "%016x", crc);
  }

  /** The databases the facts list, each with its file. */
  static Map<String, String> files(JsonNode engine) {
    Map<String, String> m = new LinkedHashMap<>();
    engine.path("databases").properties().forEach(e -> m.put(e.getKey(), e.getValue().path("file").asText()));
    return m;
  }

  /**
   * What the facts expect of one database's archive, keyed by data namespace collection; empty when
   * the facts do not describe that database.
   */
  static Optional<Map<String, Expected>> expected(JsonNode engine, String database) {
    JsonNode db = engine == null ? null : engine.path("databases").get(database);
    if (db == null || !db.isObject()) {
      return Optional.empty();
    }
    Map<String, Expected> m = new LinkedHashMap<>();
    for (JsonNode c : db.path("collections")) {
      String name = c.path("name").asText();
      String data = c.path("dataCollection").asText(name);
      m.put(data, new Expected(name, c.path("documents").asLong(-1), c.path("crc").asText("")));
    }
    return Optional.of(m);
  }

  /** The collection name a prelude declares for a data namespace, for messages. */
  static String collectionOf(ArchivePrelude prelude, Namespace data) {
    return prelude.metadataFor(data).map(m -> m.namespace().collection()).orElse(data.collection());
  }
}
