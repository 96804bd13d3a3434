package io.crvsbackup.mongo;

import com.mongodb.MongoException;
import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import io.crvsbackup.mongo.archive.ArchiveException;
import io.crvsbackup.mongo.archive.NamespaceSummary;
import io.crvsbackup.mongo.archive.NamespaceWriter;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bson.BsonBinary;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.RawBsonDocument;

/**
 * Streams one collection's documents, as raw BSON, from a cursor into its namespace of the archive.
 * Views get an empty namespace (mongorestore creates the view from it); a time-series collection's
 * data is its buckets collection.
 *
 * <p>A collection dropped while it is read: mongodump fails the whole dump there ("error writing
 * data for collection ... to disk"). We end the namespace with the documents read so far, so the
 * archive stays well-formed with a matching CRC, and report the collection as dropped; the caller
 * warns and marks it in the manifest.
 */
final class CollectionDumper {
  /** How one collection went. */
  record Result(DumpPlan.Item item, NamespaceSummary summary, boolean dropped) {}

  private final MongoDatabase database;
  private final Tuning tuning;
  private final AtomicBoolean aborted;

  CollectionDumper(MongoDatabase database, Tuning tuning, AtomicBoolean aborted) {
    this.database = database;
    this.tuning = tuning;
    this.aborted = aborted;
  }

  /**
   * Dumps {@code item} into {@code out} and ends its namespace.
   *
   * @throws MongoException when the server fails for another reason than the collection going away
   * @throws InterruptedIOException when another collection failed and the dump is being abandoned
   */
  Result dump(DumpPlan.Item item, NamespaceWriter out, ProgressMeter meter)
      throws IOException, ArchiveException {
    if (item.isView()) {
      NamespaceSummary s = out.end();
      meter.done();
      return new Result(item, s, false);
    }
    String source = out.namespace().collection();
    FindIterable<RawBsonDocument> find = database.getCollection(source, RawBsonDocument.class).find();
    if (tuning.cursorBatch() > 0) {
      find.batchSize(tuning.cursorBatch());
    }
    boolean dropped = false;
    try (MongoCursor<RawBsonDocument> cursor = find.iterator()) {
      while (cursor.hasNext()) {
        RawBsonDocument doc = cursor.next();
        out.write(doc);
        meter.add(doc.getByteBuffer().remaining());
        if ((meter.documents() & 0x3f) == 0 && aborted.get()) {
          throw new InterruptedIOException("dump of " + out.namespace() + " abandoned");
        }
      }
    } catch (MongoException e) {
      if (!ServerErrors.collectionGone(e) || exists(source, item.isTimeseries() ? null : item.uuid())) {
        throw e;
      }
      dropped = true;
    }
    NamespaceSummary s = out.end();
    meter.done();
    return new Result(item, s, dropped);
  }

  /** Whether the collection is still there, and still the same one when its UUID is known. */
  boolean exists(String name, UUID uuid) {
    BsonDocument filter = new BsonDocument("name", new BsonString(name));
    BsonDocument entry =
        database.listCollections(BsonDocument.class).filter(filter).first();
    if (entry == null) {
      return false;
    }
    if (uuid == null || !entry.isDocument("info")) {
      return true;
    }
    BsonDocument info = entry.getDocument("info");
    return !info.isBinary("uuid") || info.getBinary("uuid").equals(new BsonBinary(uuid));
  }
}
