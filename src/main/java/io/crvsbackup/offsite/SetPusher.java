package io.crvsbackup.offsite;

import io.crvsbackup.store.BackupSet;
import io.crvsbackup.store.Layout;
import io.crvsbackup.store.Label;
import io.crvsbackup.store.RepositoryIndex;
import io.crvsbackup.store.SetStatus;
import io.crvsbackup.store.StoreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Copies one local set to the backup server: marks the folder as ours, checks the free space, sends the
 * Elasticsearch repository's new files, then the set's files (one by one without encryption, else as
 * one bundle), and writes the set's remote manifest last. Files already there with the right size and
 * hash are not sent again, so a push that was cut short resumes.
 */
final class SetPusher {
  /** Room for the manifests, tar headers and a margin. */
  private static final long SPARE_BYTES = 16L * 1024 * 1024;
  private final Layout local;
  private final Remote remote;
  private final RemoteLayout layout;
  private final Encryption encryption;
  private final OffsiteListener listener;
  private final Clock clock;

  SetPusher(Layout local, Remote remote, RemoteLayout layout, Encryption encryption, OffsiteListener listener,
      Clock clock) {
    this.local = local;
    this.remote = remote;
    this.layout = layout;
    this.encryption = encryption;
    this.listener = listener;
    this.clock = clock;
  }

  PushReport.Pushed push(BackupSet set) throws IOException, OffsiteException, StoreException {
    Instant start = clock.instant();
    Label label = set.label();
    String dir = layout.setDir(label);
    Set<String> names = new java.util.HashSet<>();
    remote.list(dir).forEach(e -> names.add(e.name()));
    if (names.contains(RemoteLayout.SET_MANIFEST) && complete(label)) {
      listener.info(label + " is on " + remote.server() + " already");
      return new PushReport.Pushed(label, 0, 0, 0, true, Duration.between(start, clock.instant()));
    }
    if (!names.isEmpty() && !names.contains(RemoteLayout.PUSHING) && !names.contains(RemoteLayout.SET_MANIFEST)
        && !names.contains(RemoteLayout.DELETING)) {
      throw new OffsiteException(OffsiteException.Kind.FOREIGN, "push " + label + ": " + dir + " on "
          + remote.server() + " holds files that crvs-backup did not write (" + String.join(", ", names)
          + "); they are left alone and the set is not pushed; move them away or choose another EXTERNAL_BACKUP_DIR");
    }
    remote.mkdirs(dir);
    RemoteFiles.writeSmall(remote, layout.pushing(label), ("crvs-backup is pushing set " + label + " since "
        + start + "\n").getBytes(StandardCharsets.UTF_8));

    List<LocalFiles.SetFile> files = LocalFiles.of(local, set);
    boolean withEs = set.engines().contains("elasticsearch") && Files.isDirectory(local.elasticRepository());
    EsMirror mirror = new EsMirror(remote, layout, encryption, listener);
    EsMirror.Plan esPlan = withEs ? mirror.plan(local.elasticRepository()) : null;
    Map<String, String> plainKept = encryption.mode() == Encryption.Mode.NONE ? plainPresent(label, files)
        : Map.of();
    long needed = SPARE_BYTES + (esPlan == null ? 0 : esPlan.bytes()) + files.stream()
        .filter(f -> !plainKept.containsKey(f.relative())).mapToLong(LocalFiles.SetFile::size).sum();
    checkSpace(label, needed);

    int sent = 0;
    int kept = plainKept.size();
    long bytes = 0;
    List<RemoteManifest.EsFile> es = List.of();
    List<RemoteManifest.StoredObject> objects = new ArrayList<>();
    List<RemoteManifest.PlainFile> plain = new ArrayList<>();
    // The set's files go first, biggest first, so that the server's check of each big file runs while the
    // smaller ones and the Elasticsearch files travel; every check is awaited before the manifest is written.
    try (Uploader uploader = new Uploader(remote, encryption, listener)) {
      if (encryption.mode() == Encryption.Mode.NONE) {
        List<LocalFiles.SetFile> bigFirst = new ArrayList<>(files);
        bigFirst.sort(java.util.Comparator.comparingLong(LocalFiles.SetFile::size).reversed());
        for (LocalFiles.SetFile f : bigFirst) {
          String target = layout.inSet(label, f.relative());
          if (plainKept.containsKey(f.relative())) {
            String sha = plainKept.get(f.relative());
            objects.add(new RemoteManifest.StoredObject(f.relative(), f.size(), sha, Optional.empty(), Optional.empty()));
            plain.add(new RemoteManifest.PlainFile(f.relative(), f.size(), sha));
            continue;
          }
          remote.mkdirs(RemoteLayout.parent(target));
          java.util.function.Consumer<Uploader.Uploaded> record = done -> {
            synchronized (objects) {
              objects.add(new RemoteManifest.StoredObject(f.relative(), done.stored().size(), done.stored().sha256(),
                  Optional.empty(), Optional.empty()));
              plain.add(new RemoteManifest.PlainFile(f.relative(), done.plainSize(), done.plainSha256()));
            }
          };
          if (f.sha256().isPresent()) {
            uploader.uploadKnown(target, label + ": " + f.relative(), f.path(), f.size(), f.sha256().get(), record);
          } else {
            uploader.upload(target, label + ": " + f.relative(), f.size(), out -> Files.copy(f.path(), out), record);
          }
          sent++;
          bytes += f.size();
        }
      } else {
        String name = RemoteLayout.bundleName(label, encryption.mode());
        uploader.upload(layout.inSet(label, name), label + ": " + name, files.stream()
                .mapToLong(LocalFiles.SetFile::size).sum(),
            out -> plain.addAll(BundleWriter.write(out, files)), false,
            done -> objects.add(new RemoteManifest.StoredObject(name, done.stored().size(), done.stored().sha256(),
                done.stored().mac(), done.stored().keyCheck())));
        sent++;
        bytes += files.stream().mapToLong(LocalFiles.SetFile::size).sum();
      }
      if (esPlan != null) {
        es = mirror.push(esPlan, uploader, label.value());
        sent += esPlan.send().size();
        kept += esPlan.kept().size();
        bytes += esPlan.bytes();
      }
      uploader.await();
      checkAgainstManifest(files, plain);
    }
    Optional<String> snapshot = withEs && snapshots().contains(Layout.snapshotName(label))
        ? Optional.of(Layout.snapshotName(label)) : Optional.empty();
    if (withEs && snapshot.isEmpty()) {
      listener.warning(label + ": the Elasticsearch repository no longer holds " + Layout.snapshotName(label)
          + "; the copy has no Elasticsearch part");
    }
    plain.sort(java.util.Comparator.comparing(RemoteManifest.PlainFile::path));
    RemoteManifest manifest = new RemoteManifest(label,
        set.status() == SetStatus.IMPORTED ? "imported" : "complete", set.created(), clock.instant(),
        encryption.mode(), snapshot, withEs ? LocalFiles.generation(local.elasticRepository()) : Optional.empty(),
        objects, plain, snapshot.isPresent() ? es : List.of());
    RemoteFiles.writeSmall(remote, layout.setManifest(label), manifest.encode());
    remote.delete(layout.pushing(label));
    remote.delete(layout.inSet(label, RemoteLayout.DELETING));
    Duration took = Duration.between(start, clock.instant());
    listener.info(label + ": pushed to " + remote.server() + ": " + sent + " file(s) sent, " + kept
        + " already there, " + bytes + " bytes in " + took.toMillis() + " ms");
    return new PushReport.Pushed(label, sent, kept, bytes, false, took);
  }

  /**
   * Whether the remote manifest reads and every object it lists is in the set's folder with its size (one
   * listing per folder, not one request per file: on a slow link, checking the sets that are there already
   * must stay cheap). The mirror's files are not checked one by one: the manifest was written only after
   * all of them were, and retention deletes only files that no manifest lists.
   */
  private boolean complete(Label label) {
    try {
      RemoteManifest m = RemoteManifest.decode(RemoteFiles.readSmall(remote, layout.setManifest(label)), label);
      Map<String, Long> sizes = new HashMap<>();
      for (RemoteManifest.StoredObject o : m.objects()) {
        String dir = RemoteLayout.parent(layout.inSet(label, o.path()));
        if (!sizes.containsKey(dir + "/")) {
          sizes.put(dir + "/", 0L);
          remote.list(dir).forEach(e -> sizes.put(dir + "/" + e.name(), e.size()));
        }
        if (sizes.getOrDefault(layout.inSet(label, o.path()), -1L) != o.size()) {
          return false;
        }
      }
      return true;
    } catch (IOException | IllegalArgumentException e) {
      listener.warning(label + ": its manifest on " + remote.server() + " cannot be used (" + e.getMessage()
          + "); the set is pushed again");
      return false;
    }
  }

  /**
   * Plain files of an earlier, interrupted push that are there with the right size and hash: relative
   * path to hash. A file of ours is also checked against its manifest, so that a damaged local file is
   * never taken for the good copy.
   */
  private Map<String, String> plainPresent(Label label, List<LocalFiles.SetFile> files) throws IOException {
    Map<String, LocalFiles.SetFile> candidates = new HashMap<>();
    long bytes = 0;
    for (LocalFiles.SetFile f : files) {
      String target = layout.inSet(label, f.relative());
      // a partial file of the right size may be whole: the push was killed before its check and rename
      for (String p : List.of(target, RemoteLayout.partial(target))) {
        if (remote.stat(p).map(Remote.Stat::size).orElse(-1L) == f.size()) {
          candidates.put(p, f);
          bytes += f.size();
          break;
        }
      }
    }
    Map<String, String> kept = new HashMap<>();
    for (List<String> batch : EsMirror.batches(new ArrayList<>(candidates.keySet()))) {
      Map<String, String> shas = remote.sha256(batch, bytes);
      for (String p : batch) {
        LocalFiles.SetFile f = candidates.get(p);
        String localSha = EsMirror.sha256(f.path());
        if (localSha.equals(shas.get(p)) && f.sha256().map(localSha::equals).orElse(true)) {
          if (p.endsWith(RemoteLayout.PARTIAL)) {
            remote.rename(p, layout.inSet(label, f.relative()));
          }
          kept.put(f.relative(), localSha);
        }
      }
    }
    return kept;
  }

  private void checkSpace(Label label, long needed) throws IOException, OffsiteException {
    OptionalLong free = remote.available(layout.root());
    if (free.isPresent() && free.getAsLong() < needed) {
      throw new OffsiteException(OffsiteException.Kind.DISK_FULL, "push " + label + ": the backup server "
          + remote.server() + " has " + free.getAsLong() + " bytes free in " + layout.root() + ", the set needs about "
          + needed + "; nothing was sent. Free space there or lower EXTERNAL_BACKUP_RETENTION");
    }
  }

  private Set<String> snapshots() {
    try {
      return RepositoryIndex.snapshotNames(local.elasticRepository());
    } catch (StoreException e) {
      listener.warning("cannot read the Elasticsearch repository's index: " + e.getMessage());
      return Set.of();
    }
  }

  private static void checkAgainstManifest(List<LocalFiles.SetFile> files, List<RemoteManifest.PlainFile> sent)
      throws IOException {
    for (LocalFiles.SetFile f : files) {
      if (f.sha256().isEmpty()) {
        continue;
      }
      for (RemoteManifest.PlainFile p : sent) {
        if (p.path().equals(f.relative()) && !p.sha256().equals(f.sha256().get())) {
          throw new BundleWriter.LocalDamageException(f.relative() + " on the local disk has sha256 " + p.sha256()
              + ", its manifest says " + f.sha256().get() + ": it is damaged; run crvs-backup verify");
        }
      }
    }
  }
}
