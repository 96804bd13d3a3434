package io.crvsbackup.mongo;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.InsertManyOptions;
import io.crvsbackup.job.EngineException;
import java.util.ArrayList;
import java.util.List;
import org.bson.BsonDocument;
import org.bson.RawBsonDocument;

/**
 * Inserts batches of raw documents into a database through the driver: unordered (ordered for a capped
 * collection), bypassing document validation as a restore must (not for time-series buckets, which
 * mongorestore does not bypass either). Documents with a top-level empty timestamp go one by one and
 * are put back as they were if the server replaced the timestamp.
 */
final class DriverSink implements BatchInserter.Sink {
  private final MongoDatabase database;
  private final ServerErrors errors;

  DriverSink(MongoDatabase database, ServerErrors errors) {
    this.database = database;
    this.errors = errors;
  }

  @Override
  public void insert(String collection, List<RawBsonDocument> documents, boolean ordered)
      throws EngineException {
    MongoCollection<RawBsonDocument> c = database.getCollection(collection, RawBsonDocument.class);
    List<RawBsonDocument> plain = new ArrayList<>(documents.size());
    List<RawBsonDocument> special = new ArrayList<>();
    for (RawBsonDocument d : documents) {
      (EmptyTimestamps.hasTopLevel(d) ? special : plain).add(d);
    }
    String ns = database.getName() + "." + collection;
    try {
      if (!plain.isEmpty()) {
        InsertManyOptions options = new InsertManyOptions().ordered(ordered);
        if (!collection.startsWith("system.buckets.")) {
          options.bypassDocumentValidation(true);
        }
        c.insertMany(plain, options);
      }
      for (RawBsonDocument d : special) {
        insertKeepingTimestamps(c, d);
      }
    } catch (MongoBulkWriteException e) {
      String first = e.getWriteErrors().isEmpty() ? e.getMessage() : e.getWriteErrors().get(0).getMessage();
      throw errors.failed("insert into " + ns + " on", e.getWriteErrors().size() + " of "
          + documents.size() + " document(s) were refused, the first: " + first, e);
    } catch (MongoException e) {
      throw errors.failed("insert into " + ns + " on", e);
    }
  }

  private static void insertKeepingTimestamps(MongoCollection<RawBsonDocument> c, RawBsonDocument d) {
    c.insertOne(d);
    BsonDocument id = new BsonDocument("_id", d.get("_id"));
    RawBsonDocument stored = c.find(id).first();
    if (stored != null && !stored.getByteBuffer().asNIO().equals(d.getByteBuffer().asNIO())) {
      BsonDocument literal = new BsonDocument("$literal", d);
      c.updateOne(id, List.of(new BsonDocument("$replaceRoot", new BsonDocument("newRoot", literal))));
    }
  }
}
