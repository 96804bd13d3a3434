package io.crvsbackup.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Deletes the files of the sets that {@link Retention} let go, and only files of the layout: a set's
 * mongo archives, its influxdb backup files, and its manifest, marker and verify record, the manifest
 * last so that a prune cut short leaves a set that {@code verify} reports rather than files nobody owns.
 * Elasticsearch snapshots live in a shared repository and are deleted through the server, never here.
 */
final class Pruner {
  private final Layout layout;

  Pruner(Layout layout) {
    this.layout = layout;
  }

  /** The files that deleting {@code victim} would remove, none of which a kept set claims. */
  List<Path> filesOf(BackupSet victim, List<BackupSet> kept) throws StoreException {
    Set<Path> claimed = new HashSet<>();
    for (BackupSet k : kept) {
      claimed.addAll(k.files());
    }
    String label = victim.label().value();
    Set<Path> files = new LinkedHashSet<>();
    for (Path f : victim.files()) {
      if (inLayoutData(f, label)) {
        files.add(f);
      }
    }
    for (Path f : SetCatalog.list(layout.mongoDir())) {
      String name = f.getFileName().toString();
      if (name.endsWith("-" + label + ".gz") || name.endsWith("-" + label + ".gz" + Layout.PARTIAL_SUFFIX)) {
        if (victim.status() != SetStatus.COMPLETE || victim.files().contains(f)) {
          files.add(f);
        }
      }
    }
    Path influx = layout.influxBackup(victim.label());
    for (Path f : SetCatalog.list(influx)) {
      String name = f.getFileName().toString();
      if (SetCatalog.INFLUX_FILE.matcher(name.replace(Layout.PARTIAL_SUFFIX, "")).matches()) {
        files.add(f);
      }
    }
    files.removeAll(claimed);
    List<Path> out = new ArrayList<>(files);
    for (Path meta :
        List.of(
            layout.verifiedRecord(victim.label()),
            layout.startedMarker(victim.label()),
            layout.manifest(victim.label()))) {
      if (Files.exists(meta)) {
        out.add(meta);
      }
    }
    return out;
  }

  private boolean inLayoutData(Path f, String label) {
    Path p = f.toAbsolutePath().normalize();
    return (p.getParent().equals(layout.mongoDir()) && p.getFileName().toString().endsWith("-" + label + ".gz"))
        || p.getParent().equals(layout.influxBackup(new Label(label)));
  }

  /** Deletes the files in order, then the set's influxdb folder if it is left empty. */
  void delete(BackupSet victim, List<Path> files) throws StoreException {
    for (Path f : files) {
      try {
        Files.deleteIfExists(f);
      } catch (IOException e) {
        throw new StoreException("prune " + victim.label() + ": cannot delete " + f + ": " + e.getMessage(), e);
      }
    }
    Path influx = layout.influxBackup(victim.label());
    try {
      if (Files.isDirectory(influx) && SetCatalog.list(influx).isEmpty()) {
        Files.delete(influx);
      }
    } catch (IOException e) {
      throw new StoreException("prune " + victim.label() + ": cannot remove " + influx + ": " + e.getMessage(), e);
    }
  }
}
