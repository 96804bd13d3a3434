package io.crvsbackup.influx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A portable backup folder as {@code influxd restore -portable} reads it: every {@code *.manifest} in it,
 * newest name first; the newest one names the metastore file; the shard files of all of them are merged
 * by shard id, a later {@code lastModified} winning (incremental backups). Unlike influxd, which skips a
 * shard whose file is gone, a missing file is an error here.
 */
record PortableBackup(
    Path dir, List<Path> manifests, String metaFile, long metaSize, List<PortableManifest.Entry> shards) {
  private static final Pattern LEGACY_META = Pattern.compile("meta\\.\\d{2}");
  private static final Pattern LEGACY_SHARD = Pattern.compile(".+\\.\\d{5}\\.\\d{2}");
  private static final Pattern V2_FILE = Pattern.compile(".+\\.(bolt|sqlite)(\\.gz)?");

  PortableBackup {
    manifests = List.copyOf(manifests);
    shards = List.copyOf(shards);
  }

  /**
   * Reads the manifests of a folder.
   *
   * @throws FormatException when the folder holds no portable backup, or one of another format or version
   * @throws NoSuchFileException when the folder is missing
   */
  static PortableBackup open(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new NoSuchFileException(dir.toString(), null, "the InfluxDB backup folder is missing");
    }
    List<Path> manifests;
    List<String> names;
    try (Stream<Path> s = Files.list(dir)) {
      List<Path> all = s.sorted(Comparator.reverseOrder()).toList();
      names = all.stream().map(p -> p.getFileName().toString()).toList();
      manifests = all.stream().filter(p -> p.getFileName().toString().endsWith(".manifest"))
          .filter(Files::isRegularFile).toList();
    }
    if (manifests.isEmpty()) {
      throw new FormatException(noManifest(dir, names));
    }
    String metaFile = null;
    long metaSize = -1;
    Map<Long, PortableManifest.Entry> shards = new LinkedHashMap<>();
    for (Path m : manifests) {
      PortableManifest pm = PortableManifest.decode(Files.readAllBytes(m), m.toString());
      if (metaFile == null) {
        metaFile = pm.metaFile();
        metaSize = pm.metaSize();
      }
      for (PortableManifest.Entry e : pm.files()) {
        PortableManifest.Entry had = shards.get(e.shardId());
        if (had == null || e.lastModified() > had.lastModified()) {
          shards.put(e.shardId(), e);
        }
      }
    }
    return new PortableBackup(dir, manifests, metaFile, metaSize, new ArrayList<>(shards.values()));
  }

  private static String noManifest(Path dir, List<String> names) {
    if (names.stream().anyMatch(n -> LEGACY_META.matcher(n).matches() || LEGACY_SHARD.matcher(n).matches())) {
      return dir + " holds a legacy InfluxDB backup (meta.NN, <db>.<rp>.NNNNN.NN files, made by influxd backup"
          + " without -portable), an incompatible format: crvs-backup restores only influxd backup -portable"
          + " folders; restore it with influxd restore -online, or take a new backup";
    }
    if (names.stream().anyMatch(n -> V2_FILE.matcher(n).matches())) {
      return dir + " holds an InfluxDB 2.x backup (.bolt/.sqlite files), an incompatible version that"
          + " InfluxDB 1.x cannot restore";
    }
    return dir + " holds no *.manifest file, so it is no influxd backup -portable folder"
        + (names.isEmpty() ? " (it is empty)" : " (it holds " + String.join(", ", names.stream().limit(5).toList())
            + (names.size() > 5 ? ", ..." : "") + ")");
  }

  Path metaPath() {
    return dir.resolve(metaFile);
  }

  Path file(PortableManifest.Entry e) {
    return dir.resolve(e.fileName());
  }

  /** The databases that have shard files, in order of first appearance. */
  List<String> databases() {
    return shards.stream().map(PortableManifest.Entry::database).distinct().toList();
  }

  List<PortableManifest.Entry> shardsOf(String database) {
    return shards.stream().filter(e -> e.database().equals(database)).toList();
  }

  /** Every file the backup consists of: manifests, metastore file, shard files. */
  List<Path> files() {
    List<Path> out = new ArrayList<>(manifests);
    out.add(metaPath());
    shards.forEach(e -> out.add(file(e)));
    return out;
  }
}
