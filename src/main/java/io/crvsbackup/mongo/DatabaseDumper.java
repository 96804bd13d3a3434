package io.crvsbackup.mongo;

import com.mongodb.MongoException;
import com.mongodb.client.MongoDatabase;
import io.crvsbackup.job.EngineException;
import io.crvsbackup.mongo.archive.ArchiveException;
import io.crvsbackup.mongo.archive.ArchivePrelude;
import io.crvsbackup.mongo.archive.ArchiveWriter;
import io.crvsbackup.mongo.archive.CollectionMetadata;
import io.crvsbackup.mongo.archive.Namespace;
import io.crvsbackup.store.AtomicFiles;
import io.crvsbackup.store.WrittenFile;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bson.BsonDocument;

/**
 * Dumps one database into one gzipped archive, written atomically: lists its collections and their
 * indexes, declares them in the prelude, then streams the collections in parallel on a bounded pool.
 * A failure removes the partial file (through {@link AtomicFiles}) and names what failed.
 */
final class DatabaseDumper {
  /** What one database's dump produced. */
  record Result(
      String database,
      WrittenFile file,
      DumpPlan plan,
      List<CollectionDumper.Result> collections,
      List<String> warnings) {}

  private final MongoDatabase database;
  private final RunContext run;

  DatabaseDumper(MongoDatabase database, RunContext run) {
    this.database = database;
    this.run = run;
  }

  /**
   * @param excludes collection names of this database not to dump
   * @param serverVersion the server's version for the prelude, X.Y.Z
   */
  Result dump(Path file, Set<String> excludes, String serverVersion, String toolVersion)
      throws EngineException {
    String db = database.getName();
    List<String> warnings = new ArrayList<>();
    DumpPlan plan;
    List<CollectionMetadata> declared = new ArrayList<>();
    List<DumpPlan.Item> items = new ArrayList<>();
    try {
      plan = DumpPlan.of(db, database.listCollections(BsonDocument.class).into(new ArrayList<>()), excludes);
      for (DumpPlan.Item item : plan.items()) {
        List<BsonDocument> indexes = new ArrayList<>();
        if (!item.isView() && !indexes(item.name(), indexes)) {
          warnings.add("collection " + db + "." + item.name()
              + " was dropped as the dump started; it is not in the archive");
          continue;
        }
        items.add(item);
        declared.add(CollectionMetadata.of(
            new Namespace(db, item.name()), item.type(), item.options(), indexes, item.uuid()));
      }
    } catch (MongoException e) {
      throw run.errors().failed("list the collections and indexes of " + db + " from", e);
    }
    ArchivePrelude prelude = ArchivePrelude.of(serverVersion, toolVersion, run.parallel(), declared);
    if (items.stream().anyMatch(DumpPlan.Item::isTimeseries) && prelude.viewlessTimeseries()) {
      throw new EngineException("dump " + db + ": time-series collections of MongoDB 8.3 and later"
          + " (server " + serverVersion + ") cannot be dumped by this version of crvs-backup");
    }
    List<CollectionDumper.Result> results = new ArrayList<>();
    WrittenFile written;
    try {
      written = AtomicFiles.write(file, out -> results.addAll(write(out, file, prelude, items)));
    } catch (DumpFailure f) {
      throw f.engineException;
    } catch (IOException e) {
      throw new EngineException("write the archive of " + db + " to " + file + ": " + e.getMessage(), e);
    }
    markDropped(results, warnings);
    return new Result(db, written, plan, results, warnings);
  }

  private List<CollectionDumper.Result> write(
      OutputStream file, Path path, ArchivePrelude prelude, List<DumpPlan.Item> items) throws IOException {
    try (OutputStream out = run.tuning().compression().wrap(file)) {
      ArchiveWriter writer = ArchiveWriter.create(
          out, path.getFileName().toString(), prelude, run.tuning().archiveBatchBytes());
      AtomicBoolean aborted = new AtomicBoolean();
      CollectionDumper dumper = new CollectionDumper(database, run.tuning(), aborted);
      List<ParallelTasks.Task<CollectionDumper.Result>> tasks = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) {
        DumpPlan.Item item = items.get(i);
        CollectionMetadata meta = prelude.collections().get(i);
        String ns = database.getName() + "." + item.name();
        tasks.add(() -> {
          try {
            return dumper.dump(item, writer.open(prelude.dataNamespace(meta)),
                new ProgressMeter(run.listener(), DriverEngine.NAME, ns, run.tuning().progressEvery()));
          } catch (MongoException e) {
            throw run.errors().failed("dump " + ns + " from", e);
          } catch (ArchiveException e) {
            throw new EngineException("dump " + ns + ": " + e.getMessage(), e);
          } catch (InterruptedIOException e) {
            throw e;
          } catch (IOException e) {
            throw new EngineException("dump " + ns + " into " + path + ": " + e.getMessage(), e);
          }
        });
      }
      List<CollectionDumper.Result> results;
      try {
        results = ParallelTasks.run("mongo-dump-" + database.getName(), run.parallel(), tasks, aborted);
      } catch (EngineException e) {
        throw new DumpFailure(e);
      }
      try {
        writer.finish();
      } catch (ArchiveException e) {
        throw new DumpFailure(new EngineException("finish the archive " + path + ": " + e.getMessage(), e));
      }
      return results;
    }
  }

  /** Reads the indexes of a collection; false when the collection no longer exists. */
  private boolean indexes(String collection, List<BsonDocument> into) {
    try {
      database.getCollection(collection).listIndexes(BsonDocument.class).into(into);
      return true;
    } catch (MongoException e) {
      if (e.getCode() == 26) {
        return false;
      }
      throw e;
    }
  }

  /** Marks what was dropped during the dump, seen by the cursor or by listing the collections again. */
  private void markDropped(List<CollectionDumper.Result> results, List<String> warnings) throws EngineException {
    CollectionDumper check = new CollectionDumper(database, run.tuning(), new AtomicBoolean());
    for (int i = 0; i < results.size(); i++) {
      CollectionDumper.Result r = results.get(i);
      boolean gone;
      try {
        gone = r.dropped() || !check.exists(r.item().name(), r.item().uuid());
      } catch (MongoException e) {
        throw run.errors().failed("list the collections of " + database.getName() + " from", e);
      }
      if (gone) {
        results.set(i, new CollectionDumper.Result(r.item(), r.summary(), true));
        warnings.add("collection " + database.getName() + "." + r.item().name()
            + " was dropped while it was being dumped (mongodump would fail the whole dump):"
            + " the archive keeps the " + r.summary().documents()
            + " document(s) read before the drop, and the manifest marks it dropped");
      }
    }
  }

  /** Carries an engine failure out of the atomic write, which removes the partial file. */
  private static final class DumpFailure extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient EngineException engineException;

    DumpFailure(EngineException e) {
      super(e.getMessage(), e);
      this.engineException = e;
    }
  }
}
