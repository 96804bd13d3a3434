package io.crvsbackup.mongo;

import io.crvsbackup.store.BackupSet;
import io.crvsbackup.store.Layout;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Mongo archives of a set, {@code mongo/<db>-<label>.gz}, each with the database its name gives.
 * Sets of ours and imported sets (files OpenCRVS's scripts left) are found the same way.
 */
final class ArchiveFiles {
  private ArchiveFiles() {}

  /** Database name to archive path, in the set's order. */
  static Map<String, Path> of(BackupSet set) {
    Map<String, Path> m = new LinkedHashMap<>();
    String suffix = "-" + set.label().value() + ".gz";
    for (Path f : set.files()) {
      Path abs = f.toAbsolutePath().normalize();
      Path parent = abs.getParent();
      String name = abs.getFileName().toString();
      if (parent != null && parent.getFileName() != null
          && parent.getFileName().toString().equals(Layout.MONGO)
          && name.endsWith(suffix) && name.length() > suffix.length()) {
        m.put(name.substring(0, name.length() - suffix.length()), abs);
      }
    }
    return m;
  }

  /** How messages name an archive: its path in the layout, {@code mongo/<file>}. */
  static String display(Path archive) {
    return Layout.MONGO + "/" + archive.getFileName();
  }
}
