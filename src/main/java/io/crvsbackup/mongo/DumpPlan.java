package io.crvsbackup.mongo;

import io.crvsbackup.mongo.archive.CollectionMetadata;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.bson.BsonBinary;
import org.bson.BsonBinarySubType;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * What a dump of one database takes, decided from its {@code listCollections} entries the way
 * mongodump decides: collections, views and time-series collections with their options and UUID;
 * not {@code system.*} (except {@code system.js}: a time-series collection's buckets come with it,
 * views come from their own entries), not names with a {@code $}, and not the excluded ones.
 */
record DumpPlan(String database, List<Item> items, List<String> excluded, List<String> skipped) {

  /** One collection, view or time-series collection to dump. */
  record Item(String name, String type, BsonDocument options, UUID uuid) {
    boolean isView() {
      return CollectionMetadata.VIEW.equals(type);
    }

    boolean isTimeseries() {
      return CollectionMetadata.TIMESERIES.equals(type);
    }
  }

  DumpPlan {
    items = List.copyOf(items);
    excluded = List.copyOf(excluded);
    skipped = List.copyOf(skipped);
  }

  /**
   * @param entries the database's listCollections results, as the server returned them
   * @param excludes collection names of this database not to dump
   */
  static DumpPlan of(String database, Collection<BsonDocument> entries, Set<String> excludes) {
    List<Item> items = new ArrayList<>();
    List<String> excluded = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (BsonDocument e : entries) {
      String name = e.getString("name").getValue();
      if (isSystem(name)) {
        skipped.add(name);
        continue;
      }
      if (excludes.contains(name)) {
        excluded.add(name);
        continue;
      }
      String type = e.containsKey("type") ? e.getString("type").getValue() : CollectionMetadata.COLLECTION;
      BsonDocument options = e.containsKey("options") ? e.getDocument("options") : new BsonDocument();
      items.add(new Item(name, type, options.clone(), uuid(e)));
    }
    return new DumpPlan(database, items, excluded, skipped);
  }

  /** System collections mongodump leaves out of a database other than admin and config. */
  static boolean isSystem(String name) {
    if (name.equals("system.js")) {
      return false;
    }
    return name.startsWith("system.") || (name.contains("$") && !name.contains(".oplog.$"));
  }

  private static UUID uuid(BsonDocument entry) {
    BsonValue info = entry.get("info");
    if (info == null || !info.isDocument()) {
      return null;
    }
    BsonValue u = info.asDocument().get("uuid");
    if (u == null || !u.isBinary()) {
      return null;
    }
    BsonBinary b = u.asBinary();
    if (b.getData().length != 16 || b.getType() != BsonBinarySubType.UUID_STANDARD.getValue()) {
      return null;
    }
    ByteBuffer bb = ByteBuffer.wrap(b.getData());
    return new UUID(bb.getLong(), bb.getLong());
  }
}
