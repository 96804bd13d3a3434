package io.crvsbackup.mongo;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import io.crvsbackup.job.EngineException;
import io.crvsbackup.mongo.archive.ArchiveException;
import io.crvsbackup.mongo.archive.ArchiveReader;
import io.crvsbackup.mongo.archive.ArchiveSummary;
import io.crvsbackup.mongo.archive.Namespace;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bson.BsonDocument;
import org.bson.BsonInt64;

/**
 * Restores one checked archive into one database: drops it, creates the collections with their
 * options, inserts the documents in parallel unordered batches, builds the indexes, creates the
 * views, then compares each collection's count with the archive and the manifest. The archive is
 * read a second time while inserting, and checked again as it is.
 */
final class DatabaseRestorer {
  /** What one database's restore did. */
  record Result(String source, String target, Map<String, Long> documents, int indexes, int views,
      List<String> warnings) {}

  private final MongoClient client;
  private final RunContext run;

  DatabaseRestorer(MongoClient client, RunContext run) {
    this.client = client;
    this.run = run;
  }

  /**
   * @param checked the summary of the check that read the whole archive before anything was dropped
   * @param expected the manifest's counts of the source database, if the set has a manifest
   */
  Result restore(Path file, String source, String target, ServerVersion server, ArchiveSummary checked,
      Optional<Map<String, BackupFacts.Expected>> expected) throws EngineException {
    RestorePlan plan = RestorePlan.of(checked.prelude(), source, target, server);
    plan.notes().forEach(n -> run.listener().info(DriverEngine.NAME, n));
    plan.warnings().forEach(w -> run.listener().warning(DriverEngine.NAME, w));
    MongoDatabase db = client.getDatabase(target);
    try {
      db.drop();
    } catch (MongoException e) {
      throw run.errors().failed("drop database " + target + " on", e);
    }
    try {
      for (RestorePlan.Collection c : plan.collections()) {
        if (!c.system()) {
          command(db, c.create(), "create collection " + target + "." + c.name() + " on");
        }
      }
      insert(file, db, plan);
      int indexes = buildIndexes(db, plan);
      for (RestorePlan.Collection v : plan.views()) {
        command(db, v.create(), "create view " + target + "." + v.name() + " on");
      }
      Map<String, Long> counts = compareCounts(db, plan, checked, expected);
      return new Result(source, target, counts, indexes, plan.views().size(), plan.warnings());
    } catch (EngineException e) {
      throw new EngineException(e.getMessage() + "; database " + target
          + " was dropped and is only partly restored: run the restore again", e);
    }
  }

  private void insert(Path file, MongoDatabase db, RestorePlan plan) throws EngineException {
    Map<Namespace, ProgressMeter> meters = new HashMap<>();
    try (ArchiveReader r = ArchiveReader.open(file);
        BatchInserter inserter = new BatchInserter(new DriverSink(db, run.errors()), run.tuning(),
            run.parallel(), "mongo-restore-" + plan.target())) {
      for (var e = r.next(); e != ArchiveReader.Event.END_OF_ARCHIVE; e = r.next()) {
        RestorePlan.Collection c = plan.byDataNamespace().get(r.namespace());
        if (c == null) {
          continue;
        }
        ProgressMeter meter = meters.computeIfAbsent(r.namespace(), ns -> new ProgressMeter(run.listener(),
            DriverEngine.NAME, plan.target() + "." + c.dataCollection(), run.tuning().progressEvery()));
        if (e == ArchiveReader.Event.DOCUMENT) {
          inserter.add(c.dataCollection(), r.rawDocument(), c.capped());
          meter.add(r.document().remaining());
        } else {
          inserter.flush(c.dataCollection());
          meter.done();
        }
      }
      inserter.finish();
    } catch (ArchiveException e) {
      throw new EngineException("restore " + plan.target() + " from " + file.getFileName()
          + ": the archive changed after it was checked: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new EngineException("restore " + plan.target() + ": cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private int buildIndexes(MongoDatabase db, RestorePlan plan) throws EngineException {
    List<ParallelTasks.Task<Integer>> tasks = new ArrayList<>();
    for (RestorePlan.Collection c : plan.collections()) {
      if (c.createIndexes() != null) {
        tasks.add(() -> {
          command(db, c.createIndexes(), "build the indexes of " + plan.target() + "." + c.name() + " on");
          return c.createIndexes().getArray("indexes").size();
        });
      }
    }
    return ParallelTasks.run("mongo-index-" + plan.target(), run.parallel(), tasks, new AtomicBoolean())
        .stream().mapToInt(Integer::intValue).sum();
  }

  private Map<String, Long> compareCounts(MongoDatabase db, RestorePlan plan, ArchiveSummary checked,
      Optional<Map<String, BackupFacts.Expected>> expected) throws EngineException {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (RestorePlan.Collection c : plan.collections()) {
      Namespace data = new Namespace(plan.source(), c.dataCollection());
      long inArchive = checked.namespace(data).map(s -> s.documents()).orElse(0L);
      long restored;
      try {
        restored = count(db, c.dataCollection());
      } catch (MongoException e) {
        throw run.errors().failed("count " + plan.target() + "." + c.dataCollection() + " on", e);
      }
      counts.put(c.name(), restored);
      if (restored != inArchive) {
        throw new EngineException("restore " + plan.target() + "." + c.name() + ": it holds " + restored
            + " document(s) after the restore, but the archive has " + inArchive);
      }
      BackupFacts.Expected exp = expected.map(m -> m.get(c.dataCollection())).orElse(null);
      if (exp != null && exp.documents() != restored) {
        throw new EngineException("restore " + plan.target() + "." + c.name() + ": it holds " + restored
            + " document(s) after the restore, but the manifest recorded " + exp.documents());
      }
    }
    return counts;
  }

  /**
   * The collection's count from its metadata ({@code $collStats}), which is what {@code count} gives
   * on MongoDB without a scan; FerretDB scans on {@code count} but not on {@code $collStats}. Servers
   * without {@code $collStats} counts are asked with {@code count}.
   */
  static long count(MongoDatabase db, String collection) {
    List<BsonDocument> pipeline = List.of(new BsonDocument("$collStats",
        new BsonDocument("count", new BsonDocument())));
    try {
      long n = 0;
      for (BsonDocument d : db.getCollection(collection, BsonDocument.class).aggregate(pipeline)) {
        n += d.getNumber("count", new BsonInt64(0)).longValue();
      }
      return n;
    } catch (MongoCommandException e) {
      return db.getCollection(collection).estimatedDocumentCount();
    }
  }

  private void command(MongoDatabase db, BsonDocument cmd, String operation) throws EngineException {
    try {
      db.runCommand(cmd);
    } catch (MongoException e) {
      throw run.errors().failed(operation, e);
    }
  }
}
