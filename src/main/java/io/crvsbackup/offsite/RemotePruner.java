package io.crvsbackup.offsite;

import io.crvsbackup.store.Label;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Deletes remote sets that {@link RemoteRetention} let go, and only what crvs-backup wrote: the files
 * their manifests list, our markers and partial files, then the folders left empty. The manifest is first
 * renamed to {@code crvs-backup-set.deleting}, so that a deletion cut short is finished by the next one and
 * never mistaken for a complete set. Then the Elasticsearch mirror loses the files that no remaining set
 * lists (only files its index holds).
 */
final class RemotePruner {
  private final Remote remote;
  private final RemoteLayout layout;
  private final OffsiteListener listener;

  RemotePruner(Remote remote, RemoteLayout layout, OffsiteListener listener) {
    this.remote = remote;
    this.layout = layout;
    this.listener = listener;
  }

  void delete(RemoteCatalog.Found found) throws IOException {
    Label label = found.set().label();
    RemoteManifest m = found.manifest().orElseThrow();
    remote.rename(layout.setManifest(label), layout.inSet(label, RemoteLayout.DELETING));
    Set<String> dirs = new HashSet<>();
    for (RemoteManifest.StoredObject o : m.objects()) {
      remote.delete(layout.inSet(label, o.path()));
      remote.delete(RemoteLayout.partial(layout.inSet(label, o.path())));
      for (String d = RemoteLayout.parent(layout.inSet(label, o.path())); d.length() > layout.setDir(label).length();
          d = RemoteLayout.parent(d)) {
        dirs.add(d);
      }
    }
    remote.delete(layout.pushing(label));
    remote.delete(RemoteLayout.partial(layout.setManifest(label)));
    List<String> deepestFirst = new ArrayList<>(dirs);
    deepestFirst.sort((a, b) -> b.length() - a.length());
    for (String d : deepestFirst) {
      if (remote.list(d).isEmpty()) {
        remote.rmdir(d);
      }
    }
    remote.delete(layout.inSet(label, RemoteLayout.DELETING));
    if (remote.list(layout.setDir(label)).isEmpty()) {
      remote.rmdir(layout.setDir(label));
    } else {
      listener.warning("remote folder " + layout.setDir(label) + " keeps files crvs-backup did not write");
    }
    listener.info("deleted set " + label + " from " + remote.server() + " (remote retention)");
  }

  /** Deletes mirror files that the index holds and no remaining manifest of ours lists; returns how many. */
  int collectElasticsearch(List<RemoteManifest> remaining) throws IOException {
    Set<String> used = new HashSet<>();
    for (RemoteManifest m : remaining) {
      m.elasticsearch().forEach(e -> used.add(e.storedPath()));
    }
    EsCatalog catalog = EsCatalog.load(remote, layout, listener);
    int n = 0;
    for (RemoteManifest.EsFile e : catalog.all()) {
      if (!used.contains(e.storedPath())) {
        remote.delete(layout.esFile(e.storedPath()));
        catalog.remove(e.storedPath());
        n++;
      }
    }
    if (n > 0) {
      catalog.save(remote, layout);
    }
    return n;
  }
}
