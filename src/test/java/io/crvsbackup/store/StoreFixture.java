package io.crvsbackup.store;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * Real backup sets on disk under a {@code BACKUP_DIR}: sets of ours written through {@link BackupStore}
 * ({@code beginRun}, files, {@code finishRun}), and imported sets laid out as OpenCRVS's scripts leave
 * them. Checksums are computed here, independently of the code under test.
 */
public final class StoreFixture {
  public static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T02:00:00Z"), ZoneOffset.UTC);
  private static final DateTimeFormatter INFLUX_TS =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final Path root;
  private final Layout layout;
  private final BackupStore store;

  public StoreFixture(Path root) throws Exception {
    Files.createDirectories(root);
    this.root = root;
    this.layout = new Layout(root);
    this.store = BackupStore.open(root, CLOCK, true);
  }

  public Path root() {
    return root;
  }

  public Layout layout() {
    return layout;
  }

  public BackupStore store() {
    return store;
  }

  /** A complete set of ours taken at 00:00:05 on its date: mongo archives of {@code dbs} and an influx backup. */
  public Manifest completeSet(String label, String... dbs) throws Exception {
    return ourSet(label, defaultCreated(label), SetStatus.COMPLETE, dbs);
  }

  /** A set of ours whose run failed: what was written is listed, and the failure is recorded. */
  public Manifest failedSet(String label, String... dbs) throws Exception {
    return ourSet(label, defaultCreated(label), SetStatus.INCOMPLETE, dbs);
  }

  public Manifest ourSet(String label, Instant created, SetStatus status, String... dbs) throws Exception {
    Label l = Label.parse(label);
    store.beginRun(l);
    List<Artifact> artifacts = new ArrayList<>();
    for (String db : dbs) {
      artifacts.add(artifact("mongo", layout.mongoArchive(db, l), gzip(db + " dump of " + label)));
    }
    String ts = INFLUX_TS.format(created);
    Path influx = layout.influxBackup(l);
    String tar = "shard 1 of " + label;
    artifacts.add(artifact("influxdb", influx.resolve(ts + ".meta"), ("meta " + label).getBytes(StandardCharsets.UTF_8)));
    artifacts.add(artifact("influxdb", influx.resolve(ts + ".s1.tar.gz"), gzip(tar)));
    artifacts.add(artifact("influxdb", influx.resolve(ts + ".manifest"), influxManifest(ts, gunzippedLength(tar))));
    Manifest m =
        new Manifest(
            l, status, created, Optional.of(created.plusSeconds(90)), "test", artifacts, Map.of(),
            status == SetStatus.COMPLETE
                ? List.of()
                : List.of(new Manifest.Failure("elasticsearch", "snapshot failed: no repository")));
    store.finishRun(m);
    return m;
  }

  /**
   * A run of ours that started and never finished: its start marker and some mongo archives. A dated run
   * started at 00:00:05 on its date, any other at the fixture's clock.
   */
  public void interruptedRun(String label, String... dbs) throws Exception {
    Label l = Label.parse(label);
    Clock started = l.date().isPresent() ? Clock.fixed(defaultCreated(label), ZoneOffset.UTC) : CLOCK;
    BackupStore.open(root, started, true).beginRun(l);
    for (String db : dbs) {
      write(layout.mongoArchive(db, l), gzip(db + " half dump"));
    }
  }

  /** {@code mongo/<db>-<date>.gz}, a real gzip file, as OpenCRVS's backup script writes it. */
  public Path importedMongo(String db, String date) throws IOException {
    return write(layout.mongoDir().resolve(db + "-" + date + ".gz"), gzip("mongodump of " + db + " on " + date));
  }

  /** {@code influxdb/<date>/} with the files of {@code influxd backup -portable}. */
  public List<Path> importedInflux(String date) throws IOException {
    String ts = date.replace("-", "") + "T000000Z";
    Path dir = layout.influxDir().resolve(date);
    String tar = "influx shard of " + date;
    return List.of(
        write(dir.resolve(ts + ".meta"), "meta".getBytes(StandardCharsets.UTF_8)),
        write(dir.resolve(ts + ".s1.tar.gz"), gzip(tar)),
        write(dir.resolve(ts + ".manifest"), influxManifest(ts, gunzippedLength(tar))));
  }

  /** The fs repository's root: {@code index-3} with the snapshots, and {@code index.latest} saying 3. */
  public void elasticRepository(String... snapshots) throws IOException {
    ObjectNode index = ManifestCodec.JSON.createObjectNode();
    ArrayNode list = index.putArray("snapshots");
    for (String s : snapshots) {
      list.addObject().put("name", s).put("uuid", "uuid-" + s);
    }
    Path repo = layout.elasticRepository();
    write(repo.resolve("index-3"), ManifestCodec.JSON.writeValueAsBytes(index));
    write(repo.resolve("index.latest"), ByteBuffer.allocate(Long.BYTES).putLong(3).array());
    write(repo.resolve("index-2"), "{\"snapshots\":[]}".getBytes(StandardCharsets.UTF_8));
  }

  public Path write(String relative, String content) throws IOException {
    return write(root.resolve(relative), content.getBytes(StandardCharsets.UTF_8));
  }

  public static Path write(Path file, byte[] bytes) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.write(file, bytes);
  }

  /** Every regular file under the root (relative path to its sha256), to prove what changed and what did not. */
  public Map<String, String> tree() throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        if (Files.isRegularFile(p)) {
          out.put(root.relativize(p).toString(), sha256(Files.readAllBytes(p)));
        }
      }
    }
    return out;
  }

  /** {@code text} fifty times, gzipped. */
  public static byte[] gzip(String text) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      gz.write(text.repeat(50).getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** What {@link #gzip} of {@code text} decompresses to, in bytes. */
  public static long gunzippedLength(String text) {
    return text.repeat(50).getBytes(StandardCharsets.UTF_8).length;
  }

  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private Artifact artifact(String engine, Path file, byte[] bytes) throws IOException {
    write(file, bytes);
    return new Artifact(engine, layout.relative(file), bytes.length, sha256(bytes));
  }

  /** An influxd portable manifest; like influxd, it gives the size of the tar inside the shard's gzip. */
  private static byte[] influxManifest(String ts, long shardTarSize) throws IOException {
    ObjectNode m = ManifestCodec.JSON.createObjectNode();
    m.putObject("meta").put("fileName", ts + ".meta");
    m.put("limited", false);
    m.putArray("files")
        .addObject()
        .put("database", "ocrvs")
        .put("policy", "autogen")
        .put("shardID", 1)
        .put("fileName", ts + ".s1.tar.gz")
        .put("size", shardTarSize)
        .put("lastModified", 0);
    return ManifestCodec.JSON.writeValueAsBytes(m);
  }

  private static Instant defaultCreated(String label) {
    return Instant.parse(label + "T00:00:05Z");
  }
}
