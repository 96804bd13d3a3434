package io.crvsbackup.offsite;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.crvsbackup.config.ConfigLoader;
import io.crvsbackup.config.Settings;
import io.crvsbackup.env.TestEnv;
import io.crvsbackup.store.Artifact;
import io.crvsbackup.store.AtomicFiles;
import io.crvsbackup.store.BackupStore;
import io.crvsbackup.store.Label;
import io.crvsbackup.store.Layout;
import io.crvsbackup.store.Manifest;
import io.crvsbackup.store.SetStatus;
import io.crvsbackup.store.WrittenFile;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * Backup folders with realistic sets (Mongo archives, an influxd portable backup, a shared Elasticsearch fs
 * repository, our manifest), a remote folder on the sshd of scripts/test-env (loopback: the same machine),
 * and the settings that point at it.
 */
final class OffsiteFixture {
  static final String PASSPHRASE = "offsite IT passphrase \u00e9\u00e8 42";
  final Path root;
  final Path remoteDir;

  OffsiteFixture(Path root) throws IOException {
    this.root = root;
    this.remoteDir = root.resolve("server/backups");
    Files.createDirectories(root.resolve("server"));
  }

  /** The base environment: the test sshd, our remote folder, the given backup folder. */
  Map<String, String> env(Path backupDir) {
    Map<String, String> env = new HashMap<>();
    env.put("BACKUP_DIR", backupDir.toString());
    env.put("EXTERNAL_BACKUP_HOST", TestEnv.require("SSH_HOST"));
    env.put("EXTERNAL_BACKUP_PORT", TestEnv.require("SSH_PORT"));
    env.put("EXTERNAL_BACKUP_USER", TestEnv.require("SSH_USER"));
    env.put("EXTERNAL_BACKUP_DIR", remoteDir.toString());
    env.put("EXTERNAL_BACKUP_SSH_KEY_FILE", TestEnv.require("SSH_KEY_FILE"));
    env.put("EXTERNAL_BACKUP_KNOWN_HOSTS", TestEnv.require("SSH_KNOWN_HOSTS"));
    return env;
  }

  static Settings settings(Map<String, String> env) throws Exception {
    return ConfigLoader.load(env);
  }

  static BackupStore store(Path dir) throws Exception {
    Files.createDirectories(dir);
    return BackupStore.open(dir, Clock.system(ZoneOffset.UTC), true);
  }

  /** An offsite service with no waiting between retries. */
  static OffsiteService offsite(Settings settings, BackupStore store, OffsiteListener listener, Retry retry)
      throws Exception {
    return new OffsiteService(settings.offsite(), store, listener, retry,
        Encryption.of(settings.encryptionPassphrase(), settings.offsite().recipients(), settings.offsite().identity()),
        () -> SshConnector.connect(settings.offsite().server().orElseThrow(), settings.offsite().keyPassphrase()),
        d -> { });
  }

  /**
   * Writes a complete set of ours, with a snapshot in the shared repository.
   *
   * @param mongoBytes the size of the biggest Mongo archive (random, so incompressible)
   */
  static void writeSet(BackupStore store, Label label, Instant created, int mongoBytes) throws IOException {
    Map<String, Integer> dbs = new java.util.LinkedHashMap<>();
    dbs.put("application-config", 3_000);
    dbs.put("hearth-dev", mongoBytes);
    dbs.put("user-mgnt", 40_000);
    writeSet(store, label, created, dbs);
  }

  /** Writes a complete set of ours with Mongo archives of the given sizes, in this order. */
  static void writeSet(BackupStore store, Label label, Instant created, Map<String, Integer> dbs) throws IOException {
    Layout layout = store.layout();
    try {
      store.beginRun(label);
    } catch (io.crvsbackup.store.StoreException e) {
      throw new IOException(e);
    }
    Random random = new Random(label.hashCode());
    List<Artifact> artifacts = new ArrayList<>();
    for (Map.Entry<String, Integer> db : dbs.entrySet()) {
      WrittenFile f = AtomicFiles.write(layout.mongoArchive(db.getKey(), label), out -> gzip(out, db.getValue(), random));
      artifacts.add(new Artifact("mongo", layout.relative(f.path()), f.size(), f.sha256()));
    }
    String ts = label.value().replace("-", "") + "T000000Z";
    for (String name : List.of(ts + ".meta", ts + ".s1.tar.gz", ts + ".s2.tar.gz", ts + ".manifest")) {
      WrittenFile f = AtomicFiles.write(layout.influxBackup(label).resolve(name), out -> gzip(out, 5_000, random));
      artifacts.add(new Artifact("influxdb", layout.relative(f.path()), f.size(), f.sha256()));
    }
    addSnapshot(layout.elasticRepository(), Layout.snapshotName(label), random);
    Manifest m = new Manifest(label, SetStatus.COMPLETE, created, Optional.of(created.plusSeconds(60)), "test",
        artifacts, Map.of("mongo", JsonNodeFactory.instance.objectNode().put("ok", true),
            "influxdb", JsonNodeFactory.instance.objectNode().put("ok", true),
            "elasticsearch", JsonNodeFactory.instance.objectNode().put("ok", true)), List.of());
    try {
      store.finishRun(m);
    } catch (io.crvsbackup.store.StoreException e) {
      throw new IOException(e);
    }
  }

  /** Adds a snapshot to an fs repository the way Elasticsearch does: new blobs, a new index-N, index.latest. */
  static void addSnapshot(Path repo, String snapshot, Random random) throws IOException {
    Files.createDirectories(repo.resolve("indices/Xq3uGk0uQ1uIYbR6cGvJ3w/0"));
    long gen = -1;
    List<String> names = new ArrayList<>();
    try (Stream<Path> s = Files.list(repo)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        String n = p.getFileName().toString();
        if (n.matches("index-\\d+")) {
          gen = Math.max(gen, Long.parseLong(n.substring(6)));
          String json = Files.readString(p);
          for (String part : json.split("\"name\":\"")) {
            if (part.startsWith("snapshot_")) {
              names.add(part.substring(0, part.indexOf('"')));
            }
          }
        }
      }
    }
    names.add(snapshot);
    String uuid = Long.toHexString(random.nextLong());
    byte[] blob = new byte[30_000 + random.nextInt(10_000)];
    random.nextBytes(blob);
    Files.write(repo.resolve("indices/Xq3uGk0uQ1uIYbR6cGvJ3w/0/__" + uuid), blob);
    Files.write(repo.resolve("snap-" + uuid + ".dat"), ("snap " + snapshot).getBytes(StandardCharsets.UTF_8));
    Files.write(repo.resolve("meta-" + uuid + ".dat"), ("meta " + snapshot).getBytes(StandardCharsets.UTF_8));
    StringBuilder json = new StringBuilder("{\"snapshots\":[");
    for (int i = 0; i < names.size(); i++) {
      json.append(i == 0 ? "" : ",").append("{\"name\":\"").append(names.get(i)).append("\",\"uuid\":\"u")
          .append(i).append("\"}");
    }
    json.append("]}");
    long next = gen + 1;
    Files.writeString(repo.resolve("index-" + next), json.toString());
    if (gen >= 0) {
      Files.deleteIfExists(repo.resolve("index-" + gen));
    }
    Files.write(repo.resolve("index.latest"), ByteBuffer.allocate(8).putLong(next).array());
  }

  static void gzip(OutputStream out, int bytes, Random random) throws IOException {
    // stored blocks: valid gzip, and as incompressible as a real archive, but quick to write
    GZIPOutputStream gz = new GZIPOutputStream(out, 1 << 16) {
      {
        def.setLevel(java.util.zip.Deflater.NO_COMPRESSION);
      }
    };
    byte[] b = new byte[Math.min(bytes, 1 << 16)];
    for (int left = bytes; left > 0; left -= b.length) {
      random.nextBytes(b);
      gz.write(b, 0, Math.min(left, b.length));
    }
    gz.finish();
  }

  /** Every regular file under {@code dir} (relative path to bytes hash), our own state files left out. */
  static Map<String, String> tree(Path dir) throws IOException {
    Map<String, String> out = new TreeMap<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.naturalOrder())::iterator) {
        String rel = dir.relativize(p).toString();
        if (Files.isRegularFile(p) && !rel.equals(".lock") && !rel.endsWith(".verified.json")) {
          out.put(rel, EsMirror.sha256(p));
        }
      }
    }
    return out;
  }

  /** Asserts that two backup folders hold the same files with the same bytes. */
  static void assertSameFiles(Path expected, Path actual) throws IOException {
    Map<String, String> a = tree(expected);
    Map<String, String> b = tree(actual);
    assertThat(b.keySet()).containsExactlyElementsOf(a.keySet());
    for (String k : a.keySet()) {
      assertThat(Files.readAllBytes(actual.resolve(k))).as(k).isEqualTo(Files.readAllBytes(expected.resolve(k)));
    }
  }

  /** Deletes a folder tree, first making sure nothing in it is immutable. */
  static void deleteTree(Path dir) throws IOException, InterruptedException {
    if (!Files.exists(dir)) {
      return;
    }
    new ProcessBuilder("chattr", "-R", "-i", dir.toString()).redirectErrorStream(true).start().waitFor();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }
}
