package io.crvsbackup.store;

import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The on-disk layout that OpenCRVS operators and tools depend on. Every path crvs-backup reads or
 * writes under {@code BACKUP_DIR} comes from here.
 *
 * <pre>
 * mongo/&lt;db&gt;-&lt;label&gt;.gz        mongodump --gzip --archive, one file per database
 * elasticsearch/                 the Elasticsearch fs snapshot repository, snapshots snapshot_&lt;label&gt;
 * influxdb/&lt;label&gt;/              influxd backup -portable
 * manifests/&lt;label&gt;.json         our manifest, written last: a set of ours exists iff it exists
 * manifests/&lt;label&gt;.started      marks a run of ours that began; removed when the manifest is written
 * manifests/&lt;label&gt;.verified.json the result of the last verify of that set
 * .lock                          the store lock
 * </pre>
 */
public final class Layout {
  public static final String MONGO = "mongo";
  public static final String ELASTICSEARCH = "elasticsearch";
  public static final String INFLUXDB = "influxdb";
  public static final String MANIFESTS = "manifests";
  static final String MANIFEST_SUFFIX = ".json";
  static final String STARTED_SUFFIX = ".started";
  static final String VERIFIED_SUFFIX = ".verified.json";
  /** Suffix of a file being written; it never carries a final name until it is complete. */
  public static final String PARTIAL_SUFFIX = ".partial";
  private static final Pattern DATED_ARCHIVE =
      Pattern.compile("(.+)-(\\d{4}-\\d{2}-\\d{2})\\.gz");

  private final Path root;

  public Layout(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  public Path root() {
    return root;
  }

  public Path mongoDir() {
    return root.resolve(MONGO);
  }

  public Path mongoArchive(String database, Label label) {
    return mongoDir().resolve(database + "-" + label.value() + ".gz");
  }

  /** The Elasticsearch fs repository, shared by every set. */
  public Path elasticRepository() {
    return root.resolve(ELASTICSEARCH);
  }

  /** The snapshot that holds a set's Elasticsearch part. */
  public static String snapshotName(Label label) {
    return "snapshot_" + label.value();
  }

  public Path influxDir() {
    return root.resolve(INFLUXDB);
  }

  public Path influxBackup(Label label) {
    return influxDir().resolve(label.value());
  }

  public Path manifestsDir() {
    return root.resolve(MANIFESTS);
  }

  public Path manifest(Label label) {
    return manifestsDir().resolve(label.value() + MANIFEST_SUFFIX);
  }

  public Path startedMarker(Label label) {
    return manifestsDir().resolve(label.value() + STARTED_SUFFIX);
  }

  public Path verifiedRecord(Label label) {
    return manifestsDir().resolve(label.value() + VERIFIED_SUFFIX);
  }

  public Path lockFile() {
    return root.resolve(".lock");
  }

  /**
   * Resolves a path that a manifest lists, refusing anything that would leave {@code BACKUP_DIR}.
   *
   * @throws StoreException naming the manifest and the offending path
   */
  public Path resolveListed(String relative, Path manifest) throws StoreException {
    Path rel;
    try {
      rel = Path.of(relative);
    } catch (RuntimeException e) {
      throw new StoreException("manifest " + manifest + " lists an invalid path '" + relative + "'");
    }
    Path resolved = root.resolve(rel).normalize();
    if (rel.isAbsolute() || !resolved.startsWith(root) || resolved.equals(root)) {
      throw new StoreException(
          "manifest " + manifest + " lists '" + relative + "', which is outside BACKUP_DIR " + root
              + "; the manifest is corrupt or was tampered with, so this set is not trusted");
    }
    return resolved;
  }

  /** The path relative to {@code BACKUP_DIR}, with forward slashes, as a manifest records it. */
  public String relative(Path path) {
    return root.relativize(path.toAbsolutePath().normalize()).toString().replace('\\', '/');
  }

  /** A dated mongodump archive name {@code <db>-<YYYY-MM-DD>.gz}, split into database and date label. */
  static Optional<String[]> splitDatedArchive(String fileName) {
    Matcher m = DATED_ARCHIVE.matcher(fileName);
    return m.matches() ? Optional.of(new String[] {m.group(1), m.group(2)}) : Optional.empty();
  }
}
