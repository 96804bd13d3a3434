package io.crvsbackup.offsite;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the Elasticsearch mirror on the backup server holds ({@code _elasticsearch/crvs-backup-index.txt}):
 * each stored file with its plain and stored size and hash. Only files listed here are ever deleted from
 * the mirror. It is rewritten (temporary name, then rename) every few hundred files during a push, so an
 * interrupted push loses at most that much work.
 */
final class EsCatalog {
  static final String HEADER = "crvs-backup offsite elasticsearch 1";
  private final Map<String, RemoteManifest.EsFile> byStored = new TreeMap<>();

  /** Reads the catalogue; a missing one is empty, a damaged one is reported and treated as empty. */
  static EsCatalog load(Remote remote, RemoteLayout layout, OffsiteListener listener) throws IOException {
    EsCatalog c = new EsCatalog();
    if (remote.stat(layout.esIndex()).isEmpty()) {
      return c;
    }
    byte[] bytes = RemoteFiles.readSmall(remote, layout.esIndex());
    try {
      for (String line : RemoteManifest.checkedLines(bytes, HEADER)) {
        if (line.startsWith("es ")) {
          RemoteManifest.EsFile e = RemoteManifest.esFile(line.substring(3));
          c.byStored.put(e.storedPath(), e);
        }
      }
    } catch (IllegalArgumentException | DecryptionException | ArrayIndexOutOfBoundsException e) {
      listener.warning("the Elasticsearch mirror's index " + layout.esIndex() + " is damaged (" + e.getMessage()
          + "); its files will be checked or sent again");
      c.byStored.clear();
    }
    return c;
  }

  synchronized Optional<RemoteManifest.EsFile> get(String storedPath) {
    return Optional.ofNullable(byStored.get(storedPath));
  }

  synchronized void put(RemoteManifest.EsFile e) {
    byStored.put(e.storedPath(), e);
  }

  synchronized void remove(String storedPath) {
    byStored.remove(storedPath);
  }

  synchronized List<RemoteManifest.EsFile> all() {
    return new ArrayList<>(byStored.values());
  }

  /** Writes the catalogue atomically. */
  void save(Remote remote, RemoteLayout layout) throws IOException {
    StringBuilder sb = new StringBuilder(HEADER).append('\n');
    Collection<RemoteManifest.EsFile> entries = all();
    for (RemoteManifest.EsFile e : entries) {
      sb.append("es ").append(RemoteManifest.esLine(e)).append('\n');
    }
    RemoteFiles.writeSmall(remote, layout.esIndex(), RemoteManifest.seal(sb));
  }
}
