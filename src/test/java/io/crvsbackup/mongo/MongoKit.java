package io.crvsbackup.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.crvsbackup.config.Secret;
import io.crvsbackup.config.Settings;
import io.crvsbackup.job.BackupJob;
import io.crvsbackup.job.Engine;
import io.crvsbackup.job.JobListener;
import io.crvsbackup.store.BackupSet;
import io.crvsbackup.store.BackupStore;
import io.crvsbackup.store.Label;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.RawBsonDocument;

/** Shared helpers of the Mongo engine tests: settings, a store, the tools, raw comparisons. */
final class MongoKit {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T23:00:00Z"), ZoneOffset.UTC);

  private MongoKit() {}

  static String uniqueDb(String prefix) {
    return "crvs_" + prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
  }

  static Settings.Mongo settings(String uri, List<String> databases, List<String> excludes) {
    return new Settings.Mongo(Optional.of(Secret.of(uri)), databases, excludes, 4,
        Optional.empty(), Optional.empty());
  }

  static Engine engine(String uri, List<String> databases, List<String> excludes, Tuning tuning) {
    return MongoEngine.create(settings(uri, databases, excludes), 1, CLOCK, tuning);
  }

  static BackupStore store(Path dir) throws Exception {
    java.nio.file.Files.createDirectories(dir);
    return BackupStore.open(dir, CLOCK, true);
  }

  /** Takes a set with the real backup flow (lock, manifest last) and returns it as the store sees it. */
  static BackupSet backup(BackupStore store, Engine engine, String label, JobListener listener) throws Exception {
    BackupJob.Outcome o = new BackupJob(store, List.of(engine), 3650, "test", listener)
        .run(Optional.of(Label.parse(label)));
    assertThat(o.manifest().failures()).as("backup failures").isEmpty();
    return store.resolve(label).set();
  }

  /** Every document of a collection as raw bytes, in _id order as the server sorts. */
  static List<byte[]> rawDocuments(MongoDatabase db, String collection) {
    List<byte[]> out = new ArrayList<>();
    for (RawBsonDocument d : db.getCollection(collection, RawBsonDocument.class).find()
        .sort(new BsonDocument("_id", new BsonInt32(1)))) {
      out.add(bytes(d));
    }
    return out;
  }

  static byte[] bytes(RawBsonDocument d) {
    java.nio.ByteBuffer b = d.getByteBuffer().asNIO();
    byte[] a = new byte[b.remaining()];
    b.get(a);
    return a;
  }

  /** The indexes of a collection by name, without the fields a restore may change (v, ns). */
  static Map<String, BsonDocument> indexes(MongoDatabase db, String collection) {
    Map<String, BsonDocument> m = new TreeMap<>();
    for (BsonDocument i : db.getCollection(collection).listIndexes(BsonDocument.class)) {
      i.remove("v");
      i.remove("ns");
      m.put(i.getString("name").getValue(), i);
    }
    return m;
  }

  static List<String> collectionNames(MongoDatabase db) {
    List<String> names = db.listCollectionNames().into(new ArrayList<>());
    Collections.sort(names);
    return names;
  }

  /** Every collection of {@code a} has the same documents, byte for byte, and indexes in {@code b}. */
  static void assertSameDatabase(MongoDatabase a, MongoDatabase b) {
    assertThat(collectionNames(b)).isEqualTo(collectionNames(a));
    for (String c : collectionNames(a)) {
      List<byte[]> expected = rawDocuments(a, c);
      List<byte[]> actual = rawDocuments(b, c);
      assertThat(actual).as("documents of %s", c).hasSameSizeAs(expected);
      for (int i = 0; i < expected.size(); i++) {
        assertThat(actual.get(i)).as("document %d of %s", i, c).isEqualTo(expected.get(i));
      }
      assertThat(indexes(b, c)).as("indexes of %s", c).isEqualTo(indexes(a, c));
    }
  }

  /**
   * The gzip members of a file, counted by decoding each one (header without optional fields, raw
   * deflate data, then the 8-byte trailer) until the file ends.
   */
  static int gzipMembers(java.nio.file.Path file) throws Exception {
    byte[] gz = java.nio.file.Files.readAllBytes(file);
    int members = 0;
    int pos = 0;
    byte[] buf = new byte[64 * 1024];
    while (pos < gz.length) {
      assertThat(new byte[] {gz[pos], gz[pos + 1], gz[pos + 2], gz[pos + 3]})
          .as("header of member %d", members).isEqualTo(new byte[] {0x1f, (byte) 0x8b, 8, 0});
      java.util.zip.Inflater inflater = new java.util.zip.Inflater(true);
      inflater.setInput(gz, pos + 10, gz.length - pos - 10);
      while (!inflater.finished()) {
        assertThat(inflater.inflate(buf) > 0 || !inflater.needsInput())
            .as("member %d is complete", members).isTrue();
      }
      pos = gz.length - inflater.getRemaining() + 8;
      inflater.end();
      members++;
    }
    return members;
  }

  static MongoClient client(String uri) {
    return MongoClients.create(uri);
  }

  /** Runs a mongo-tools binary; returns its exit code and output. */
  record Run(int exit, String output) {}

  static Run run(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("%s ends", command.get(0)).isTrue();
    return new Run(p.exitValue(), new String(out, java.nio.charset.StandardCharsets.UTF_8));
  }

  static byte[] resource(String path) {
    try (InputStream in = MongoKit.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A listener that keeps every warning, info and progress event. */
  static final class Recorder implements JobListener {
    final List<String> warnings = Collections.synchronizedList(new ArrayList<>());
    final List<String> infos = Collections.synchronizedList(new ArrayList<>());
    final List<String> progress = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void warning(String engine, String message) {
      warnings.add(message);
    }

    @Override
    public void info(String engine, String message) {
      infos.add(message);
    }

    @Override
    public void progress(String engine, String item, long count, long bytes, boolean done) {
      progress.add(item + " " + count + " " + bytes + (done ? " done" : ""));
    }
  }
}
