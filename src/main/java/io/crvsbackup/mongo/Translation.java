package io.crvsbackup.mongo;

import java.util.List;
import org.bson.BsonArray;
import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.bson.BsonString;

/**
 * How the metadata in an archive becomes commands for the target server, as mongorestore does it:
 * collection options for {@code create}, index specifications for {@code createIndexes}.
 */
final class Translation {
  private Translation() {}

  /**
   * The {@code create} command for a collection, view or time-series collection: its name and its
   * options, less those the target refuses ({@code recordIdsReplicated}; {@code autoIndexId: false}
   * from 4.0, any {@code autoIndexId} from 8.2).
   */
  static BsonDocument createCommand(String collection, BsonDocument options, ServerVersion target) {
    BsonDocument cmd = new BsonDocument("create", new BsonString(collection));
    for (String key : options.keySet()) {
      if (key.equals("recordIdsReplicated")) {
        continue;
      }
      if (key.equals("autoIndexId") && target.atLeast(4, 0, 0)) {
        if (!target.atLeast(8, 2, 0)) {
          cmd.put(key, BsonBoolean.TRUE);
        }
        continue;
      }
      cmd.put(key, options.get(key));
    }
    return cmd;
  }

  /**
   * The {@code createIndexes} command for a collection's indexes, or null when it has none but
   * {@code _id}. Each specification loses {@code v} (the server picks its own index version) and
   * {@code ns} (which would name the source database after a rename; servers from 3.4 on do not need
   * it, and 4.4 on drop it). The {@code _id} index and a clustered index come with the collection.
   * From 4.1.9 on, {@code ignoreUnknownIndexOptions} lets a newer server's options pass.
   */
  static BsonDocument createIndexesCommand(
      String collection, List<BsonDocument> indexes, ServerVersion target) {
    BsonArray specs = new BsonArray();
    for (BsonDocument spec : indexes) {
      if (isIdIndex(spec) || spec.getBoolean("clustered", BsonBoolean.FALSE).getValue()) {
        continue;
      }
      BsonDocument s = spec.clone();
      s.remove("v");
      s.remove("ns");
      specs.add(s);
    }
    if (specs.isEmpty()) {
      return null;
    }
    BsonDocument cmd = new BsonDocument("createIndexes", new BsonString(collection)).append("indexes", specs);
    if (target.atLeast(4, 1, 9)) {
      cmd.put("ignoreUnknownIndexOptions", BsonBoolean.TRUE);
    }
    return cmd;
  }

  static boolean isIdIndex(BsonDocument spec) {
    return "_id_".equals(spec.getString("name", new BsonString("")).getValue());
  }
}
