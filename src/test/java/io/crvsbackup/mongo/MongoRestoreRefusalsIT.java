package io.crvsbackup.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import io.crvsbackup.env.TestEnv;
import io.crvsbackup.job.Engine;
import io.crvsbackup.job.EngineException;
import io.crvsbackup.job.JobListener;
import io.crvsbackup.job.RestoreSource;
import io.crvsbackup.store.BackupSet;
import io.crvsbackup.store.BackupStore;
import io.crvsbackup.store.Label;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3, bad input on restore: a truncated archive, a flipped byte inside a document and an archive
 * of another database are refused before anything is dropped; the target database is untouched.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MongoRestoreRefusalsIT {
  private final String uri = TestEnv.require("MONGODB_URI");
  private final String source = MongoKit.uniqueDb("refsrc");
  private final String target = MongoKit.uniqueDb("reftgt");
  private MongoClient client;
  private Engine engine;

  @BeforeAll
  void seed() {
    client = MongoKit.client(uri);
    List<Document> docs = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      docs.add(new Document("_id", i).append("name", "Ngozi Okafor " + i).append("district", "Ibombo"));
    }
    client.getDatabase(source).getCollection("Patient").insertMany(docs);
    engine = MongoKit.engine(uri, List.of(source), List.of(), Tuning.DEFAULTS);
  }

  @BeforeEach
  void liveData() {
    MongoDatabase t = client.getDatabase(target);
    t.drop();
    t.getCollection("live").insertOne(new Document("_id", "keep-me").append("registered", 42));
  }

  @AfterAll
  void drop() {
    client.getDatabase(source).drop();
    client.getDatabase(target).drop();
    client.close();
  }

  @Test
  void truncatedArchiveIsRefusedBeforeAnyDrop(@TempDir Path dir) throws Exception {
    BackupStore store = MongoKit.store(dir);
    BackupSet set = MongoKit.backup(store, engine, "2026-11-25", JobListener.NONE);
    Path archive = store.layout().mongoArchive(source, set.label());
    byte[] all = Files.readAllBytes(archive);
    Files.write(archive, Arrays.copyOf(all, all.length / 2));

    assertThat(engine.verifyOffline(set, JobListener.NONE))
        .anySatisfy(p -> assertThat(p).contains("mongo/" + archive.getFileName()).contains("offset"));
    assertRefused(store, set, "mongo/" + archive.getFileName());
  }

  @Test
  void flippedByteInsideADocumentIsCaughtByTheCrcBeforeAnyDrop(@TempDir Path dir) throws Exception {
    BackupStore store = MongoKit.store(dir);
    BackupSet set = MongoKit.backup(store, engine, "2026-11-25", JobListener.NONE);
    Path archive = store.layout().mongoArchive(source, set.label());
    byte[] raw = gunzip(Files.readAllBytes(archive));
    int at = indexOf(raw, "Ngozi Okafor 250".getBytes(StandardCharsets.UTF_8));
    raw[at + 2] ^= 0x20; // "Ngozi" -> "NgOzi": framing intact, content changed
    Files.write(archive, gzip(raw));

    List<String> problems = engine.verifyOffline(set, JobListener.NONE);
    assertThat(problems).singleElement().asString()
        .contains("CRC mismatch").contains(source + ".Patient").contains("offset");
    assertRefused(store, set, "CRC mismatch");
  }

  @Test
  void archiveOfAnotherDatabaseIsRefused(@TempDir Path dir) throws Exception {
    BackupStore ours = MongoKit.store(dir.resolve("ours"));
    BackupSet set = MongoKit.backup(ours, engine, "2026-11-25", JobListener.NONE);
    BackupStore imported = MongoKit.store(dir.resolve("imported"));
    Path misnamed = imported.layout().mongoArchive(target, Label.parse("2026-11-24"));
    Files.createDirectories(misnamed.getParent());
    Files.copy(ours.layout().mongoArchive(source, set.label()), misnamed);
    BackupSet wrong = imported.resolve("2026-11-24").set();

    assertThatThrownBy(() -> engine.restore(new RestoreSource(wrong, imported.layout(), Map.of(), JobListener.NONE)))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("the archive is for database " + source + ", not " + target)
        .hasMessageContaining("nothing was changed");
    assertTargetUntouched();
  }

  private void assertRefused(BackupStore store, BackupSet set, String detail) {
    assertThatThrownBy(() -> engine.restore(
            new RestoreSource(set, store.layout(), Map.of(source, target), JobListener.NONE)))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("nothing was changed")
        .hasMessageContaining(detail);
    assertTargetUntouched();
  }

  private void assertTargetUntouched() {
    MongoDatabase t = client.getDatabase(target);
    assertThat(MongoKit.collectionNames(t)).containsExactly("live");
    assertThat(t.getCollection("live").find().first()).containsEntry("registered", 42);
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("not found");
  }

  static byte[] gunzip(byte[] gz) throws Exception {
    try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
      return in.readAllBytes();
    }
  }

  static byte[] gzip(byte[] raw) throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(b)) {
      out.write(raw);
    }
    return b.toByteArray();
  }
}
