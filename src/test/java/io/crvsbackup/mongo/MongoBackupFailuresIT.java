package io.crvsbackup.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import io.crvsbackup.env.TestEnv;
import io.crvsbackup.job.BackupJob;
import io.crvsbackup.job.BackupTarget;
import io.crvsbackup.job.Engine;
import io.crvsbackup.job.EngineException;
import io.crvsbackup.job.JobListener;
import io.crvsbackup.mongo.archive.ArchiveReader;
import io.crvsbackup.mongo.archive.ArchiveSummary;
import io.crvsbackup.mongo.archive.Namespace;
import io.crvsbackup.store.BackupSet;
import io.crvsbackup.store.BackupStore;
import io.crvsbackup.store.Label;
import io.crvsbackup.store.SetStatus;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3, backup edge cases against FerretDB: an unreachable host, a collection dropped while it is
 * being dumped, a database that does not exist, excludes. Wrong credentials and a full disk have their
 * own tests ({@link MongoCredentialsIT}, {@link MongoDiskFullIT}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MongoBackupFailuresIT {
  private final String uri = TestEnv.require("MONGODB_URI");
  private final String db = MongoKit.uniqueDb("bk");
  private MongoClient client;

  @BeforeAll
  void seed() {
    client = MongoKit.client(uri);
    List<Document> docs = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      docs.add(new Document("_id", i).append("resourceType", "Task").append("pad", "x".repeat(200)));
    }
    client.getDatabase(db).getCollection("Task").insertMany(docs);
    client.getDatabase(db).getCollection("transactions").insertOne(new Document("_id", 1));
    client.getDatabase(db).getCollection("Location").insertOne(new Document("_id", "ibombo"));
  }

  @AfterAll
  void drop() {
    client.getDatabase(db).drop();
    client.close();
  }

  @Test
  void unreachableHostFailsTheEngineNamingTheHost(@TempDir Path dir) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Engine engine = MongoKit.engine("mongodb://127.0.0.1:" + port + "/?replicaSet=rs0", List.of(db), List.of(),
        Tuning.DEFAULTS.withServerSelection(Duration.ofSeconds(2)));
    BackupStore store = MongoKit.store(dir);
    long start = System.nanoTime();

    BackupJob.Outcome o = new BackupJob(store, List.of(engine), 7, "test", JobListener.NONE)
        .run(Optional.of(Label.parse("2026-11-25")));

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    assertThat(o.manifest().status()).isEqualTo(SetStatus.INCOMPLETE);
    assertThat(o.manifest().failures()).singleElement().satisfies(f -> assertThat(f.message())
        .contains("127.0.0.1:" + port).contains("cannot reach MongoDB").contains("2 s"));
    assertThat(files(store.layout().mongoDir())).isEmpty();
  }

  @Test
  void collectionDroppedWhileBeingDumpedIsRecordedAsDropped(@TempDir Path dir) throws Exception {
    String victim = MongoKit.uniqueDb("drop");
    List<Document> docs = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      docs.add(new Document("_id", i).append("pad", "y".repeat(100)));
    }
    client.getDatabase(victim).getCollection("Composition").insertMany(docs);
    client.getDatabase(victim).getCollection("Patient").insertOne(new Document("_id", 1));
    try {
      AtomicBoolean dropped = new AtomicBoolean();
      JobListener dropper = new JobListener() {
        @Override
        public void progress(String engine, String item, long count, long bytes, boolean done) {
          if (item.equals(victim + ".Composition") && count >= 150 && !done && dropped.compareAndSet(false, true)) {
            client.getDatabase(victim).getCollection("Composition").drop();
          }
        }
      };
      Engine engine = MongoKit.engine(uri, List.of(victim), List.of(),
          Tuning.DEFAULTS.withCursorBatch(100).withProgressEvery(Duration.ZERO));
      BackupStore store = MongoKit.store(dir);
      BackupSet set = MongoKit.backup(store, engine, "2026-11-25", dropper);

      assertThat(dropped).isTrue();
      JsonNode facts = set.manifest().orElseThrow().engines().get("mongo");
      assertThat(facts.path("warnings").toString()).contains(victim + ".Composition").contains("dropped");
      JsonNode composition = facts.path("databases").path(victim).path("collections").get(0);
      assertThat(composition.path("name").asText()).isEqualTo("Composition");
      assertThat(composition.path("dropped").asBoolean()).isTrue();
      assertThat(composition.path("documents").asLong()).isBetween(150L, 2999L);
      ArchiveSummary summary = ArchiveReader.verify(store.layout().mongoArchive(victim, set.label()));
      assertThat(summary.namespace(new Namespace(victim, "Composition")).orElseThrow().documents())
          .isEqualTo(composition.path("documents").asLong());
      assertThat(engine.verifyOffline(set, JobListener.NONE)).isEmpty();
    } finally {
      client.getDatabase(victim).drop();
    }
  }

  @Test
  void missingDatabaseIsRecordedAsEmptyAndExcludesAreHonoured(@TempDir Path dir) throws Exception {
    String missing = MongoKit.uniqueDb("missing");
    Engine engine = MongoKit.engine(uri, List.of(db, missing), List.of(db + ".transactions"), Tuning.DEFAULTS);
    BackupStore store = MongoKit.store(dir);
    BackupSet set = MongoKit.backup(store, engine, "2026-11-25", JobListener.NONE);

    JsonNode facts = set.manifest().orElseThrow().engines().get("mongo");
    assertThat(facts.path("warnings").toString()).contains("database " + missing + " does not exist");
    assertThat(facts.path("databases").path(missing).path("exists").asBoolean()).isFalse();
    assertThat(facts.path("databases").path(missing).path("collections")).isEmpty();
    assertThat(ArchiveReader.verify(store.layout().mongoArchive(missing, set.label())).namespaces()).isEmpty();
    JsonNode ours = facts.path("databases").path(db);
    assertThat(ours.path("excluded").toString()).isEqualTo("[\"transactions\"]");
    assertThat(ours.path("collections").findValuesAsText("name")).containsExactlyInAnyOrder("Task", "Location");
    assertThat(ours.path("documents").asLong()).isEqualTo(5001);
    assertThat(facts.path("serverVersion").asText()).matches("\\d+\\.\\d+\\.\\d+.*");
    assertThat(engine.verifyOffline(set, JobListener.NONE)).isEmpty();
  }

  @Test
  void engineFailureLeavesNoArchiveBehind(@TempDir Path dir) throws Exception {
    Engine engine = MongoKit.engine(uri, List.of(db), List.of(), Tuning.DEFAULTS.withCompression(out -> {
      throw new java.io.IOException("compressor exploded");
    }));
    BackupStore store = MongoKit.store(dir);
    assertThatThrownBy(() -> engine.backup(new BackupTarget(Label.parse("2026-11-25"), store.layout(), JobListener.NONE)))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("compressor exploded")
        .hasMessageContaining(db);
    assertThat(files(store.layout().mongoDir())).isEmpty();
  }

  static List<Path> files(Path dir) throws Exception {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    }
  }
}
