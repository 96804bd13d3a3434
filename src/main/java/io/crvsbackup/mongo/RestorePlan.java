package io.crvsbackup.mongo;

import io.crvsbackup.mongo.archive.ArchivePrelude;
import io.crvsbackup.mongo.archive.CollectionMetadata;
import io.crvsbackup.mongo.archive.Namespace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.BsonBoolean;
import org.bson.BsonDocument;

/**
 * What restoring one archive into a database does, decided from the archive's prelude alone, in the
 * order it is done: create the collections (with their options), insert the documents of each data
 * namespace, build the indexes, create the views.
 *
 * <p>Not restored: the oplog of {@code mongodump --oplog} (we restore one database at a time and
 * never replay it; warned), {@code admin.system.*} that mongodump adds beside a database (noted), and
 * {@code system.views} or {@code system.profile} of the database itself (views come from their own
 * declarations; warned).
 */
record RestorePlan(
    String source,
    String target,
    List<Collection> collections,
    List<Collection> views,
    Map<Namespace, Collection> byDataNamespace,
    List<String> warnings,
    List<String> notes) {

  /** One collection or view of the target database. */
  record Collection(
      CollectionMetadata metadata,
      String dataCollection,
      BsonDocument create,
      BsonDocument createIndexes,
      boolean capped) {
    String name() {
      return metadata.namespace().collection();
    }

    /** Whether the collection is made by its first insert rather than by {@code create}. */
    boolean system() {
      return name().startsWith("system.");
    }
  }

  RestorePlan {
    collections = List.copyOf(collections);
    views = List.copyOf(views);
    byDataNamespace = Map.copyOf(byDataNamespace);
    warnings = List.copyOf(warnings);
    notes = List.copyOf(notes);
  }

  /**
   * @param prelude the archive's prelude, already checked to hold no other database
   * @param source the database the archive holds
   * @param target the database to restore into ({@code source} unless renamed)
   */
  static RestorePlan of(ArchivePrelude prelude, String source, String target, ServerVersion server) {
    List<Collection> collections = new ArrayList<>();
    List<Collection> views = new ArrayList<>();
    Map<Namespace, Collection> byData = new LinkedHashMap<>();
    List<String> warnings = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (CollectionMetadata m : prelude.collections()) {
      Namespace ns = m.namespace();
      if (ns.db().isEmpty()) {
        warnings.add("the archive holds an oplog (" + ns + ") taken during mongodump --oplog;"
            + " it is not replayed: crvs-backup restores one database at a time, as mongorestore"
            + " does without --oplogReplay");
        continue;
      }
      if (!ns.db().equals(source)) {
        notes.add("skipped " + ns + ": mongodump adds it beside the database; it is not part of " + source);
        continue;
      }
      if (ns.collection().equals("system.views") || ns.collection().equals("system.profile")) {
        warnings.add("skipped " + ns + ": views are restored from their own declarations");
        continue;
      }
      Namespace data = prelude.dataNamespace(m);
      BsonDocument create = Translation.createCommand(ns.collection(), m.options(), server);
      if (m.isView()) {
        views.add(new Collection(m, data.collection(), create, null, false));
        byData.put(data, views.get(views.size() - 1));
        continue;
      }
      Collection c = new Collection(m, data.collection(), create,
          Translation.createIndexesCommand(ns.collection(), m.indexes(), server),
          m.options().getBoolean("capped", BsonBoolean.FALSE).getValue());
      collections.add(c);
      byData.put(data, c);
    }
    return new RestorePlan(source, target, collections, views, byData, warnings, notes);
  }
}
