package io.crvsbackup.offsite;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Copies the Elasticsearch repository incrementally into {@code _elasticsearch/} on the backup server.
 * Its files are written once under unique names (except {@code index.latest}, which is not copied), so a
 * file already in the mirror with the same size and hash is not sent again; only new files travel. It
 * runs after the set's manifest exists, so the set's snapshot has finished.
 */
final class EsMirror {
  private static final int CHECKPOINT_FILES = 1000;
  /** Files sent at once: enough to hide the round trips of small files, few enough to stay polite. */
  private static final int PARALLEL = 4;
  private final Remote remote;
  private final RemoteLayout layout;
  private final Encryption encryption;
  private final OffsiteListener listener;

  EsMirror(Remote remote, RemoteLayout layout, Encryption encryption, OffsiteListener listener) {
    this.remote = remote;
    this.layout = layout;
    this.encryption = encryption;
    this.listener = listener;
  }

  /** What a push of the repository will do. */
  record Plan(EsCatalog catalog, List<RemoteManifest.EsFile> kept, List<LocalFiles.RepoFile> send) {
    long bytes() {
      return send.stream().mapToLong(LocalFiles.RepoFile::size).sum();
    }
  }

  Plan plan(Path repo) throws IOException {
    EsCatalog catalog = EsCatalog.load(remote, layout, listener);
    Map<String, Long> present = new HashMap<>();
    listTree(layout.esDir(), "", present);
    Encryption.Mode mode = encryption.mode();
    List<RemoteManifest.EsFile> kept = new ArrayList<>();
    List<LocalFiles.RepoFile> send = new ArrayList<>();
    Map<String, LocalFiles.RepoFile> checkRemotely = new HashMap<>();
    for (LocalFiles.RepoFile f : LocalFiles.repository(repo)) {
      String stored = f.relative() + mode.suffix;
      Optional<RemoteManifest.EsFile> known = catalog.get(stored);
      Long remoteSize = present.get(stored);
      if (known.isPresent() && remoteSize != null && remoteSize == known.get().storedSize()
          && known.get().size() == f.size()) {
        if (known.get().mtime() == f.mtime()) {
          kept.add(known.get());
          continue;
        }
        String sha = sha256(f.path());
        if (sha.equals(known.get().sha256())) {
          RemoteManifest.EsFile k = known.get();
          RemoteManifest.EsFile again = new RemoteManifest.EsFile(k.path(), k.size(), k.sha256(), f.mtime(), k.mode(),
              k.storedSize(), k.storedSha256(), k.mac(), k.keyCheck());
          catalog.put(again);
          kept.add(again);
          continue;
        }
        listener.warning("Elasticsearch repository file " + f.relative() + " changed although its name did not;"
            + " it is sent again, and older copies that list it can no longer be pulled with it");
      } else if (known.isEmpty() && mode == Encryption.Mode.NONE) {
        Long partialSize = present.get(RemoteLayout.partial(stored));
        if (remoteSize != null && remoteSize == f.size()) {
          checkRemotely.put(layout.esFile(stored), f);
          continue;
        }
        if (partialSize != null && partialSize == f.size()) {
          checkRemotely.put(RemoteLayout.partial(layout.esFile(stored)), f);
          continue;
        }
      }
      send.add(f);
    }
    // Files of an interrupted push that reached their names but not the index: keep those whose hash matches.
    for (List<String> batch : batches(new ArrayList<>(checkRemotely.keySet()))) {
      long bytes = batch.stream().mapToLong(p -> checkRemotely.get(p).size()).sum();
      Map<String, String> shas = remote.sha256(batch, bytes);
      for (String p : batch) {
        LocalFiles.RepoFile f = checkRemotely.get(p);
        String sha = sha256(f.path());
        if (sha.equals(shas.get(p))) {
          if (p.endsWith(RemoteLayout.PARTIAL)) {
            remote.rename(p, layout.esFile(f.relative()));
          }
          RemoteManifest.EsFile e = new RemoteManifest.EsFile(f.relative(), f.size(), sha, f.mtime(),
              Encryption.Mode.NONE, f.size(), sha, Optional.empty(), Optional.empty());
          catalog.put(e);
          kept.add(e);
        } else {
          send.add(f);
        }
      }
    }
    return new Plan(catalog, kept, send);
  }

  /**
   * Sends what the plan says, a few files at a time (their opens, closes and checks overlap, which matters
   * for a repository of many small files), checkpointing the mirror's index; returns every file of the
   * repository.
   */
  List<RemoteManifest.EsFile> push(Plan plan, Uploader uploader, String label) throws IOException {
    List<RemoteManifest.EsFile> all = new ArrayList<>(plan.kept());
    Encryption.Mode mode = encryption.mode();
    List<ParallelFiles.FileTask> batch = new ArrayList<>();
    for (LocalFiles.RepoFile f : plan.send()) {
      batch.add(() -> {
        String target = layout.esFile(f.relative() + mode.suffix);
        remote.mkdirs(RemoteLayout.parent(target));
        uploader.uploadMirrored(target, label + ": elasticsearch/" + f.relative(), f.size(),
            out -> Files.copy(f.path(), out), done -> {
              RemoteManifest.EsFile e = new RemoteManifest.EsFile(f.relative(), done.plainSize(),
                  done.plainSha256(), f.mtime(), mode, done.stored().size(), done.stored().sha256(),
                  done.stored().mac(), done.stored().keyCheck());
              plan.catalog().put(e);
              synchronized (all) {
                all.add(e);
              }
            });
      });
      if (batch.size() >= CHECKPOINT_FILES) {
        ParallelFiles.run(batch, PARALLEL, "offsite-es-upload", "uploading Elasticsearch files");
        batch.clear();
        uploader.await();
        plan.catalog().save(remote, layout);
      }
    }
    ParallelFiles.run(batch, PARALLEL, "offsite-es-upload", "uploading Elasticsearch files");
    uploader.await();
    plan.catalog().save(remote, layout);
    all.sort(java.util.Comparator.comparing(RemoteManifest.EsFile::path));
    return all;
  }

  private void listTree(String dir, String prefix, Map<String, Long> out) throws IOException {
    for (Remote.Entry e : remote.list(dir)) {
      if (e.directory()) {
        listTree(dir + "/" + e.name(), prefix + e.name() + "/", out);
      } else {
        out.put(prefix + e.name(), e.size());
      }
    }
  }

  static String sha256(Path p) throws IOException {
    MessageDigest md = Hashing.sha256();
    try (InputStream in = new DigestInputStream(Files.newInputStream(p), md)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(md.digest());
  }

  static <T> List<List<T>> batches(List<T> all) {
    List<List<T>> out = new ArrayList<>();
    for (int i = 0; i < all.size(); i += 500) {
      out.add(all.subList(i, Math.min(all.size(), i + 500)));
    }
    return out;
  }
}
