package io.crvsbackup.offsite;

import io.crvsbackup.store.AtomicFiles;
import io.crvsbackup.store.BackupSet;
import io.crvsbackup.store.BackupStore;
import io.crvsbackup.store.Label;
import io.crvsbackup.store.Layout;
import io.crvsbackup.store.RepositoryIndex;
import io.crvsbackup.store.StoreException;
import io.crvsbackup.store.VerifyReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Brings a set back from the backup server into {@code BACKUP_DIR}: downloads, decrypts, checks every file
 * against the remote manifest (and so against the set's own manifest), and places it through {@link
 * AtomicFiles}. While it works the set is marked as started, so it is never taken for a finished or an
 * imported set; our set's manifest is written last. A pull that fails removes everything it placed.
 */
final class SetPuller {
  /** Elasticsearch files pulled at once (as many as {@link EsMirror} pushes at once). */
  private static final int PARALLEL = 4;
  private final BackupStore store;
  private final Remote remote;
  private final RemoteLayout layout;
  private final Encryption encryption;
  private final OffsiteListener listener;
  private final Clock clock;

  SetPuller(BackupStore store, Remote remote, RemoteLayout layout, Encryption encryption, OffsiteListener listener,
      Clock clock) {
    this.store = store;
    this.remote = remote;
    this.layout = layout;
    this.encryption = encryption;
    this.listener = listener;
    this.clock = clock;
  }

  PullReport pull(RemoteCatalog.Found found) throws IOException, OffsiteException, StoreException {
    Instant start = clock.instant();
    Label label = found.set().label();
    Layout local = store.layout();
    if (found.set().kind() == RemoteSet.Kind.OPENCRVS && label.date().isEmpty()) {
      throw new OffsiteException(OffsiteException.Kind.NOT_FOUND, "pull " + label + ": OpenCRVS bundles are"
          + " restored by their date, and " + label + " is not a date; download and unpack it by hand");
    }
    try (PullJournal journal = PullJournal.start(local, label)) {
      Placer placer = new Placer(local, journal);
      try {
        journal.add(local.startedMarker(label));
        AtomicFiles.write(local.startedMarker(label), start.toString().getBytes(StandardCharsets.UTF_8));
        Optional<String> esNote;
        if (found.manifest().isPresent()) {
          esNote = pullOurs(found.manifest().get(), placer, journal);
        } else {
          esNote = pullOpencrvs(label, placer);
        }
        journal.commit();
        Duration took = Duration.between(start, clock.instant());
        listener.info(label + ": pulled from " + remote.server() + ": " + placer.files() + " file(s), "
            + placer.bytes() + " bytes in " + took.toMillis() + " ms");
        esNote.ifPresent(n -> listener.warning(label + ": " + n));
        return new PullReport(label, found.set().kind(), placer.files(), placer.bytes(), esNote, took);
      } catch (IOException | OffsiteException | StoreException | RuntimeException e) {
        journal.close();
        int removed = PullJournal.undo(local, label);
        listener.info(label + ": the pull failed; the " + removed + " file(s) it had placed were removed");
        throw e;
      }
    }
  }

  private Optional<String> pullOurs(RemoteManifest m, Placer placer, PullJournal journal)
      throws IOException, OffsiteException {
    Label label = m.label();
    Map<String, RemoteManifest.PlainFile> expected = new LinkedHashMap<>();
    m.files().forEach(f -> expected.put(f.path(), f));
    String manifestPath = Layout.MANIFESTS + "/" + label.value() + ".json";
    Optional<String> esNote = placeElasticsearch(m, placer, journal);
    byte[] manifest = null;
    if (m.mode() == Encryption.Mode.NONE) {
      for (RemoteManifest.StoredObject o : m.objects()) {
        RemoteManifest.PlainFile f = expected.get(o.path());
        if (f == null) {
          throw new Placer.MismatchException("the remote manifest lists " + o.path() + " as stored but not as a file");
        }
        checkSize(layout.inSet(label, o.path()), o.size());
        ItemProgress progress = new ItemProgress(listener, label + ": " + o.path(), o.size());
        try (InputStream in = progress.count(remote.read(layout.inSet(label, o.path())))) {
          if (o.path().equals(manifestPath)) {
            manifest = readAll(in, f);
          } else {
            placer.place(o.path(), in, Optional.of(f));
          }
        }
        progress.done();
      }
    } else {
      RemoteManifest.StoredObject bundle = m.objects().get(0);
      String path = layout.inSet(label, bundle.path());
      checkSize(path, bundle.size());
      MessageDigest md = Hashing.sha256();
      ItemProgress progress = new ItemProgress(listener, label + ": " + bundle.path(), bundle.size());
      try (InputStream raw = new DigestInputStream(
          new java.io.BufferedInputStream(progress.count(remote.read(path)), 256 * 1024), md)) {
        InputStream plain = encryption.open(m.mode(), raw, bundle.mac(), bundle.keyCheck(), md);
        manifest = new BundleExtractor(placer, label, listener).extract(plain, Optional.of(expected), false)
            .manifest().orElse(null);
      }
      progress.done();
      String sha = HexFormat.of().formatHex(md.digest());
      if (!sha.equals(bundle.sha256())) {
        throw new Placer.MismatchException(bundle.path() + " has sha256 " + sha + ", its manifest says "
            + bundle.sha256() + ": it was damaged or altered on the backup server");
      }
    }
    if (manifest == null && expected.containsKey(manifestPath)) {
      throw new Placer.MismatchException("the copy lacks the set's manifest " + manifestPath);
    }
    if (manifest != null) {
      journal.add(store.layout().manifest(label));
      AtomicFiles.write(store.layout().manifest(label), manifest);
    }
    Files.deleteIfExists(store.layout().startedMarker(label));
    return esNote;
  }

  /** Places the set's Elasticsearch files when the local repository is empty; says why not otherwise. */
  private Optional<String> placeElasticsearch(RemoteManifest m, Placer placer, PullJournal journal)
      throws IOException {
    if (m.snapshot().isEmpty()) {
      return Optional.empty();
    }
    String snapshot = m.snapshot().get();
    java.nio.file.Path repo = store.layout().elasticRepository();
    if (LocalFiles.generation(repo).isPresent()) {
      try {
        if (RepositoryIndex.snapshotNames(repo).contains(snapshot)) {
          return Optional.empty();
        }
      } catch (StoreException e) {
        return Optional.of("the local Elasticsearch repository cannot be read (" + e.getMessage() + "); the set's"
            + " Elasticsearch files were not placed");
      }
      return Optional.of("the local Elasticsearch repository holds other snapshots but not " + snapshot
          + ", and repositories cannot be merged file by file; the set's search data was not placed. Restore the"
          + " other engines (--engines), or move BACKUP_DIR/elasticsearch away and pull again");
    }
    // Many small files: a few at a time, so that their round trips and fsyncs overlap; one progress item.
    long stored = m.elasticsearch().stream().mapToLong(RemoteManifest.EsFile::storedSize).sum();
    ItemProgress progress = new ItemProgress(listener, m.label() + ": " + Layout.ELASTICSEARCH + "/ ("
        + m.elasticsearch().size() + " files)", stored);
    List<ParallelFiles.FileTask> tasks = new ArrayList<>();
    for (RemoteManifest.EsFile e : m.elasticsearch()) {
      tasks.add(() -> {
        String path = layout.esFile(e.storedPath());
        checkSize(path, e.storedSize());
        try (InputStream raw = new java.io.BufferedInputStream(progress.count(remote.read(path)), 64 * 1024)) {
          InputStream plain = encryption.open(e.mode(), raw, e.mac(), e.keyCheck());
          placer.place(Layout.ELASTICSEARCH + "/" + e.path(), plain,
              Optional.of(new RemoteManifest.PlainFile(e.path(), e.size(), e.sha256())));
        }
      });
    }
    ParallelFiles.run(tasks, PARALLEL, "offsite-es-download", "pulling Elasticsearch files");
    if (!tasks.isEmpty()) {
      progress.done();
    }
    if (m.esGeneration().isPresent()) {
      java.nio.file.Path latest = repo.resolve("index.latest");
      journal.add(latest);
      AtomicFiles.write(latest, ByteBuffer.allocate(Long.BYTES).putLong(m.esGeneration().get()).array());
    }
    return Optional.empty();
  }

  private Optional<String> pullOpencrvs(Label label, Placer placer) throws IOException, OffsiteException,
      StoreException {
    String path = layout.inSet(label, label.value() + RemoteLayout.OPENCRVS_SUFFIX);
    boolean placeEs = LocalFiles.generation(store.layout().elasticRepository()).isEmpty();
    BundleExtractor.Result r;
    ItemProgress progress = new ItemProgress(listener, label + ": " + label.value() + RemoteLayout.OPENCRVS_SUFFIX,
        remote.stat(path).map(Remote.Stat::size).orElse(-1L));
    try (InputStream raw = new java.io.BufferedInputStream(progress.count(remote.read(path)), 256 * 1024)) {
      InputStream plain = encryption.open(Encryption.Mode.OPENSSL, raw, Optional.empty(), Optional.empty());
      r = new BundleExtractor(placer, label, listener).extract(plain, Optional.empty(), placeEs);
    }
    progress.done();
    Files.deleteIfExists(store.layout().startedMarker(label));
    BackupSet set = store.sets().stream().filter(s -> s.label().equals(label)).findFirst()
        .orElseThrow(() -> new Placer.MismatchException("the OpenCRVS bundle holds no file of set " + label
            + " (no mongo/<db>-" + label + ".gz, no influxdb files)"));
    VerifyReport report = store.check(set, line -> { });
    if (!report.ok()) {
      throw new Placer.MismatchException("the OpenCRVS bundle's files fail their checks: "
          + String.join("; ", report.problems()));
    }
    return r.esSkipped() == 0 ? Optional.empty() : Optional.of("the bundle's Elasticsearch repository ("
        + r.esSkipped() + " files) was not placed: BACKUP_DIR/elasticsearch holds a repository already, and"
        + " repositories cannot be merged file by file; move it away and pull again to restore the search data");
  }

  private void checkSize(String path, long expected) throws IOException {
    long size = remote.stat(path).map(Remote.Stat::size).orElse(-1L);
    if (size != expected) {
      throw new Placer.MismatchException(path + " on " + remote.server() + (size < 0 ? " is missing"
          : " has " + size + " bytes, its manifest says " + expected) + ": the copy is "
          + (size >= 0 && size < expected ? "truncated" : "damaged"));
    }
  }

  private static byte[] readAll(InputStream in, RemoteManifest.PlainFile f) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    in.transferTo(buf);
    String sha = HexFormat.of().formatHex(Hashing.sha256().digest(buf.toByteArray()));
    if (!sha.equals(f.sha256())) {
      throw new Placer.MismatchException(f.path() + " does not match the remote manifest: the copy was altered");
    }
    return buf.toByteArray();
  }
}
