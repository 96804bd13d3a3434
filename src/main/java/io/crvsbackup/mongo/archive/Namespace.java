package io.crvsbackup.mongo.archive;

import java.util.Objects;

/**
 * A database and collection as an archive names them. The database is empty for the oplog that
 * {@code mongodump --oplog} adds ({@code "".oplog}); the collection is never empty.
 */
public record Namespace(String db, String collection) {

  public Namespace {
    Objects.requireNonNull(db, "db");
    Objects.requireNonNull(collection, "collection");
    if (collection.isEmpty()) {
      throw new IllegalArgumentException("a namespace needs a collection name (db '" + db + "')");
    }
  }

  /** The namespace that carries a time-series collection's buckets on servers before 8.3. */
  public Namespace buckets() {
    return new Namespace(db, ArchiveFormat.BUCKETS_PREFIX + collection);
  }

  /** {@code db.collection}, or just the collection when the database is empty. */
  @Override
  public String toString() {
    return db.isEmpty() ? collection : db + "." + collection;
  }
}
