package io.crvsbackup.offsite;

import io.crvsbackup.store.Label;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Finds the sets on the backup server: ours from their manifests and markers, OpenCRVS's from their bundles. */
final class RemoteCatalog {
  private RemoteCatalog() {}

  /** A remote set and, for a complete one of ours, its manifest. */
  record Found(RemoteSet set, Optional<RemoteManifest> manifest) {}

  /** Every set, oldest first; folders that are neither ours nor OpenCRVS bundles are not listed. */
  static List<Found> scan(Remote remote, RemoteLayout layout, ZoneId zone) throws IOException {
    List<Found> out = new ArrayList<>();
    for (Remote.Entry dir : remote.list(layout.root())) {
      Optional<Label> label = RemoteManifest.label(dir.name());
      if (!dir.directory() || label.isEmpty()) {
        continue;
      }
      Label l = label.get();
      Map<String, Long> names = new HashMap<>();
      for (Remote.Entry e : remote.list(layout.setDir(l))) {
        names.put(e.name(), e.size());
      }
      Instant dated = l.date().map(d -> d.atStartOfDay(zone).toInstant()).orElse(Instant.EPOCH);
      if (names.containsKey(RemoteLayout.SET_MANIFEST)) {
        try {
          RemoteManifest m = RemoteManifest.decode(RemoteFiles.readSmall(remote, layout.setManifest(l)), l);
          RemoteSet.Kind kind = m.status().equals("imported") ? RemoteSet.Kind.IMPORTED : RemoteSet.Kind.COMPLETE;
          out.add(new Found(new RemoteSet(l, kind, m.created(), Optional.of(m.pushed()), m.mode().word,
              m.storedBytes(), Optional.empty()), Optional.of(m)));
        } catch (IllegalArgumentException e) {
          out.add(new Found(new RemoteSet(l, RemoteSet.Kind.COMPLETE, dated, Optional.empty(), "?", 0,
              Optional.of("its manifest " + layout.setManifest(l) + " cannot be read: " + e.getMessage())),
              Optional.empty()));
        }
      } else if (names.containsKey(RemoteLayout.DELETING) || names.containsKey(RemoteLayout.PUSHING)) {
        RemoteSet.Kind kind = names.containsKey(RemoteLayout.DELETING) ? RemoteSet.Kind.DELETING
            : RemoteSet.Kind.INCOMPLETE;
        out.add(new Found(new RemoteSet(l, kind, dated, Optional.empty(), "-", sum(names), Optional.empty()),
            Optional.empty()));
      } else if (names.containsKey(l.value() + RemoteLayout.OPENCRVS_SUFFIX)) {
        out.add(new Found(new RemoteSet(l, RemoteSet.Kind.OPENCRVS, dated, Optional.empty(),
            Encryption.Mode.OPENSSL.word, names.get(l.value() + RemoteLayout.OPENCRVS_SUFFIX), Optional.empty()),
            Optional.empty()));
      }
    }
    out.sort(Comparator.comparing((Found f) -> f.set().created()).thenComparing(f -> f.set().label()));
    return out;
  }

  private static long sum(Map<String, Long> names) {
    return names.values().stream().mapToLong(Long::longValue).sum();
  }
}
