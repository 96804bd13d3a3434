package io.crvsbackup.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import io.crvsbackup.env.TestEnv;
import io.crvsbackup.job.Engine;
import io.crvsbackup.job.EngineResult;
import io.crvsbackup.job.JobListener;
import io.crvsbackup.job.RestoreSource;
import io.crvsbackup.mongo.archive.ArchiveReader;
import io.crvsbackup.mongo.archive.ArchiveSummary;
import io.crvsbackup.mongo.archive.NamespaceSummary;
import io.crvsbackup.store.BackupSet;
import io.crvsbackup.store.BackupStore;
import io.crvsbackup.store.SetStatus;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3, proof of compatibility: against FerretDB with the real mongo-tools, our archives restore
 * with {@code mongorestore --gzip --archive --drop}, {@code mongodump --gzip --archive} files restore
 * with ours, and our own round trip (under another name) keeps everything; every document is compared
 * byte for byte (raw BSON in _id order) and the indexes are compared.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MongoRoundTripIT {
  private final String uri = TestEnv.require("MONGODB_URI");
  private final String mongodump = TestEnv.require("MONGODUMP");
  private final String mongorestore = TestEnv.require("MONGORESTORE");
  private final String source = MongoKit.uniqueDb("src");
  private final List<String> created = new ArrayList<>();
  private MongoClient client;

  @BeforeAll
  void seed() {
    client = MongoKit.client(uri);
    created.add(source);
    SampleData.seed(client.getDatabase(source));
  }

  @AfterAll
  void drop() {
    created.forEach(db -> client.getDatabase(db).drop());
    client.close();
  }

  private String newDb(String prefix) {
    String db = MongoKit.uniqueDb(prefix);
    created.add(db);
    return db;
  }

  @Test
  void ourArchiveRestoresWithMongorestore(@TempDir Path dir) throws Exception {
    BackupStore store = MongoKit.store(dir);
    Engine engine = MongoKit.engine(uri, List.of(source), List.of(), Tuning.DEFAULTS);
    MongoKit.Recorder events = new MongoKit.Recorder();
    BackupSet set = MongoKit.backup(store, engine, "2026-11-25", events);
    Path archive = store.layout().mongoArchive(source, set.label());
    assertThat(archive).exists();

    String target = newDb("mr");
    MongoKit.Run r = MongoKit.run(List.of(mongorestore, "--uri", uri, "--gzip", "--archive=" + archive,
        "--drop", "--nsFrom", source + ".*", "--nsTo", target + ".*"));
    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(r.output()).contains("0 document(s) failed to restore");

    MongoKit.assertSameDatabase(client.getDatabase(source), client.getDatabase(target));
    assertSameOptions(client.getDatabase(source), client.getDatabase(target), "capped_log");

    JsonNode facts = set.manifest().orElseThrow().engines().get("mongo").path("databases").path(source);
    assertThat(facts.path("collections")).hasSize(5 + SampleData.SMALL_COLLECTIONS);
    assertThat(facts.path("documents").asLong()).isEqualTo(countAll(client.getDatabase(source)));
    assertThat(events.progress).anyMatch(p -> p.startsWith(source + ".Patient ") && p.endsWith("done"));
  }

  /**
   * The default compression writes a gzip stream of many members, compressed on every core: the real
   * mongorestore restores it, and our reader reads it with every CRC checked.
   */
  @Test
  void ourMultiMemberGzipArchiveRestoresWithMongorestoreAndReadsWithOurs(@TempDir Path dir) throws Exception {
    assertThat(Tuning.DEFAULTS.compression()).isSameAs(Compression.PARALLEL_GZIP);
    BackupStore store = MongoKit.store(dir);
    Engine engine = MongoKit.engine(uri, List.of(source), List.of(), Tuning.DEFAULTS);
    BackupSet set = MongoKit.backup(store, engine, "2026-11-24", JobListener.NONE);
    Path archive = store.layout().mongoArchive(source, set.label());

    ArchiveSummary read = ArchiveReader.verify(archive);
    int members = MongoKit.gzipMembers(archive);
    assertThat(members).as("gzip members").isGreaterThan(1)
        .isEqualTo((int) ((read.bytes() + Compression.CHUNK_BYTES - 1) / Compression.CHUNK_BYTES));
    JsonNode facts = set.manifest().orElseThrow().engines().get("mongo").path("databases").path(source);
    assertThat(read.namespaces().stream().mapToLong(NamespaceSummary::documents).sum())
        .isEqualTo(facts.path("documents").asLong()).isEqualTo(countAll(client.getDatabase(source)));

    String target = newDb("mm");
    MongoKit.Run r = MongoKit.run(List.of(mongorestore, "--uri", uri, "--gzip", "--archive=" + archive,
        "--drop", "--nsFrom", source + ".*", "--nsTo", target + ".*"));
    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(r.output()).contains("0 document(s) failed to restore");
    MongoKit.assertSameDatabase(client.getDatabase(source), client.getDatabase(target));
  }

  @Test
  void mongodumpArchiveRestoresWithOurs(@TempDir Path dir) throws Exception {
    BackupStore store = MongoKit.store(dir);
    Path archive = store.layout().mongoArchive(source, io.crvsbackup.store.Label.parse("2026-11-20"));
    Files.createDirectories(archive.getParent());
    MongoKit.Run r = MongoKit.run(List.of(mongodump, "--uri", uri, "--db", source, "--gzip",
        "--archive=" + archive));
    assertThat(r.exit()).as(r.output()).isZero();
    BackupSet set = store.resolve("2026-11-20").set();
    assertThat(set.status()).isEqualTo(SetStatus.IMPORTED);

    String target = newDb("ours");
    Engine engine = MongoKit.engine(uri, List.of(), List.of(), Tuning.DEFAULTS);
    assertThat(engine.verifyOffline(set, JobListener.NONE)).isEmpty();
    EngineResult result = engine.restore(
        new RestoreSource(set, store.layout(), Map.of(source, target), JobListener.NONE));

    MongoKit.assertSameDatabase(client.getDatabase(source), client.getDatabase(target));
    assertSameOptions(client.getDatabase(source), client.getDatabase(target), "capped_log");
    assertThat(result.facts().path("databases").path(source).path("target").asText()).isEqualTo(target);
  }

  @Test
  void ourArchiveRestoresWithOursUnderAnotherName(@TempDir Path dir) throws Exception {
    BackupStore store = MongoKit.store(dir);
    Engine engine = MongoKit.engine(uri, List.of(source), List.of(), Tuning.DEFAULTS);
    BackupSet set = MongoKit.backup(store, engine, "drill", JobListener.NONE);
    assertThat(engine.verifyOffline(set, JobListener.NONE)).isEmpty();

    String target = newDb("drill");
    MongoKit.Recorder events = new MongoKit.Recorder();
    EngineResult result = engine.restore(new RestoreSource(set, store.layout(), Map.of(source, target), events));

    MongoKit.assertSameDatabase(client.getDatabase(source), client.getDatabase(target));
    JsonNode restored = result.facts().path("databases").path(source);
    assertThat(restored.path("documents").asLong()).isEqualTo(countAll(client.getDatabase(source)));
    assertThat(restored.path("collections").path(SampleData.PATIENT).asLong())
        .isEqualTo(SampleData.acceptedValues().size() + 1L);
    assertThat(events.progress).anyMatch(p -> p.startsWith(target + ".big ") && p.endsWith("done"));
  }

  @Test
  void mongodumpOplogArchiveRestoresWithoutTheOplog(@TempDir Path dir) throws Exception {
    BackupStore store = MongoKit.store(dir);
    Path archive = store.layout().mongoArchive("test", io.crvsbackup.store.Label.parse("2026-11-21"));
    Files.createDirectories(archive.getParent());
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(archive))) {
      out.write(MongoKit.resource("/mongo/archive/dump-w-oplog.archive"));
    }
    BackupSet set = store.resolve("2026-11-21").set();
    String target = newDb("oplog");
    long adminCollections = client.getDatabase("admin").listCollectionNames().into(new ArrayList<>()).size();
    MongoKit.Recorder events = new MongoKit.Recorder();

    EngineResult result = MongoKit.engine(uri, List.of(), List.of(), Tuning.DEFAULTS)
        .restore(new RestoreSource(set, store.layout(), Map.of("test", target), events));

    assertThat(client.getDatabase(target).getCollection("foo").countDocuments()).isEqualTo(25);
    assertThat(result.warnings()).anyMatch(w -> w.contains("oplog") && w.contains("not replayed"));
    assertThat(events.infos).anyMatch(i -> i.contains("admin.system.version"));
    assertThat(client.getDatabase("admin").listCollectionNames().into(new ArrayList<>()))
        .hasSize((int) adminCollections);
  }

  private static long countAll(MongoDatabase db) {
    long n = 0;
    for (String c : db.listCollectionNames()) {
      n += db.getCollection(c).countDocuments();
    }
    return n;
  }

  private static void assertSameOptions(MongoDatabase a, MongoDatabase b, String collection) {
    BsonDocument filter = new BsonDocument("name", new BsonString(collection));
    BsonDocument x = a.listCollections(BsonDocument.class).filter(filter).first();
    BsonDocument y = b.listCollections(BsonDocument.class).filter(filter).first();
    assertThat(y).isNotNull();
    assertThat(y.getDocument("options")).isEqualTo(x.getDocument("options"));
  }
}
