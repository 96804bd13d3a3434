package io.crvsbackup.influx;

import io.crvsbackup.job.BackupTarget;
import io.crvsbackup.job.EngineException;
import io.crvsbackup.job.EngineResult;
import io.crvsbackup.job.JobListener;
import io.crvsbackup.store.Artifact;
import io.crvsbackup.store.AtomicFiles;
import io.crvsbackup.store.Layout;
import io.crvsbackup.store.WrittenFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A backup in the layout of {@code influxd backup -portable}: the metastore, then every shard of the
 * chosen databases over the snapshotter RPC, each gzipped as {@code <ts>.s<id>.tar.gz}, then the
 * manifest. Each database's series and values are counted from its exported shards themselves, so they
 * describe exactly what the backup holds. On failure the files written so far are removed.
 */
final class InfluxBackup {
  static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  static final String INTERNAL = "_internal";

  private final SnapshotterClient rpc;
  private final InfluxHttp http;
  private final List<String> configured;
  private final Clock clock;
  private final InfluxOptions options;

  InfluxBackup(SnapshotterClient rpc, InfluxHttp http, List<String> configured, Clock clock, InfluxOptions options) {
    this.rpc = rpc;
    this.http = http;
    this.configured = List.copyOf(configured);
    this.clock = clock;
    this.options = options;
  }

  EngineResult run(BackupTarget target) throws EngineException {
    JobListener listener = target.listener();
    Layout layout = target.layout();
    Path dir = layout.influxBackup(target.label());
    listener.engineStarted(BackupCheck.ENGINE, "rpc " + rpc.address() + ", http " + http.where());
    refuseUsedFolder(dir, layout);
    List<Path> written = java.util.Collections.synchronizedList(new ArrayList<>());
    try {
      return backup(dir, layout, listener, written);
    } catch (EngineException | RuntimeException e) {
      removeQuietly(written, dir, e);
      throw e;
    }
  }

  private EngineResult backup(Path dir, Layout layout, JobListener listener, List<Path> written)
      throws EngineException {
    Phases phases = new Phases();
    String version = step("ask InfluxDB at " + http.where() + " for its version", http::version);
    byte[] metaBytes = step("back up the metastore from " + rpc.address(), rpc::metastore);
    MetaData meta = step("read the metastore from " + rpc.address(),
        () -> MetaCodec.decode(metaBytes, "the metastore"));
    List<MetaData.Database> dbs = choose(meta);
    phases.done("metastore");
    List<String> skipped = meta.databases().stream().map(MetaData.Database::name)
        .filter(n -> dbs.stream().noneMatch(d -> d.name().equals(n))).toList();
    listener.info(BackupCheck.ENGINE, "InfluxDB " + version + ": backing up " + dbs.size() + " database(s)"
        + (skipped.isEmpty() ? "" : ", leaving out " + String.join(", ", skipped)));
    String ts = TIMESTAMP.format(clock.instant());
    List<Artifact> artifacts = new ArrayList<>();
    String metaFile = ts + ".meta";
    WrittenFile mf = step("write " + dir.resolve(metaFile), () -> AtomicFiles.write(dir.resolve(metaFile),
        MetaCodec.pack(metaBytes)));
    written.add(mf.path());
    artifacts.add(artifact(layout, mf));
    ShardExport export = new ShardExport(rpc, dir, ts, options, listener);
    List<InfluxFacts.Database> facts = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    List<PortableManifest.Entry> entries = new ArrayList<>();
    for (int i = 0; i < dbs.size(); i++) {
      MetaData.Database d = dbs.get(i);
      List<ShardExport.Job> jobs = shardsOnServer(d);
      List<ShardExport.Done> done = export.run(d.name(), jobs, written);
      List<InfluxFacts.Shard> shards = new ArrayList<>();
      for (ShardExport.Done s : done) {
        entries.add(new PortableManifest.Entry(d.name(), s.job().retentionPolicy(), s.job().id(),
            s.file().path().getFileName().toString(), s.tarBytes(), 0));
        artifacts.add(artifact(layout, s.file()));
        shards.add(new InfluxFacts.Shard(s.job().id(), s.job().retentionPolicy(),
            s.file().path().getFileName().toString(), s.tarBytes(), s.file().size(), s.job().start(), s.job().end(),
            s.counts() == null ? 0 : s.counts().deleted()));
      }
      phases.done("export");
      Optional<Counts> counts = counts(done);
      if (counts.isEmpty()) {
        String w = "database " + InfluxQl.ident(d.name()) + " could not be counted from its shards ("
            + done.stream().map(ShardExport.Done::uncounted).filter(java.util.Objects::nonNull).findFirst().orElse("")
            + "); its backup is complete, but a restore cannot compare counts";
        warnings.add(w);
        listener.warning(BackupCheck.ENGINE, w);
      }
      long deleted = shards.stream().mapToLong(InfluxFacts.Shard::deletedValues).sum();
      if (deleted > 0) {
        String w = "database " + InfluxQl.ident(d.name()) + " holds " + deleted + " deleted value(s) that influxd has"
            + " not compacted away yet (DELETE or DROP SERIES); a restore brings them back, because influxd loads"
            + " only a shard's .tsm files and not their .tombstone files. The recorded counts are those a restore"
            + " gives; delete them again after a restore";
        warnings.add(w);
        listener.warning(BackupCheck.ENGINE, w);
      }
      phases.done("count");
      facts.add(new InfluxFacts.Database(d, shards, counts));
    }
    String manifestFile = ts + ".manifest";
    PortableManifest manifest = new PortableManifest(metaFile, metaBytes.length, false, entries);
    WrittenFile man = step("write " + dir.resolve(manifestFile),
        () -> AtomicFiles.write(dir.resolve(manifestFile), manifest.encode()));
    written.add(man.path());
    artifacts.add(artifact(layout, man));
    phases.done("write");
    var encoded = InfluxFacts.encode(version, http.where(), rpc.address().toString(), layout.relative(dir), metaFile,
        manifestFile, facts, skipped);
    encoded.set("phasesMs", phases.toJson());
    return new EngineResult(artifacts, encoded, warnings);
  }

  /**
   * A database's counts, added up from what each of its shards holds: values per retention policy,
   * measurement and field, and distinct series per measurement over all shards. Empty when a shard could
   * not be counted.
   */
  static Optional<Counts> counts(List<ShardExport.Done> done) {
    CountSum sum = new CountSum();
    for (ShardExport.Done s : done) {
      if (s.counts() == null) {
        return Optional.empty();
      }
      sum.add(s.job().retentionPolicy(), s.counts());
    }
    return Optional.of(sum.counts());
  }

  /** The databases to back up: those configured (all must exist), else all but {@code _internal}. */
  private List<MetaData.Database> choose(MetaData meta) throws EngineException {
    if (configured.isEmpty()) {
      return meta.databases().stream().filter(d -> !d.name().equals(INTERNAL)).toList();
    }
    Set<String> missing = new LinkedHashSet<>(configured);
    meta.databases().forEach(d -> missing.remove(d.name()));
    if (!missing.isEmpty()) {
      throw new EngineException("back up InfluxDB at " + rpc.address() + ": INFLUXDB_DATABASES names "
          + String.join(", ", missing.stream().map(InfluxQl::ident).toList()) + ", which the server does not have;"
          + " it has " + String.join(", ", meta.databases().stream().map(d -> InfluxQl.ident(d.name())).toList()));
    }
    return configured.stream().map(n -> meta.database(n).orElseThrow()).toList();
  }

  /** The database's live shards that the server holds (it lists them as {@code db/rp/id}). */
  private List<ShardExport.Job> shardsOnServer(MetaData.Database d) throws EngineException {
    List<String> paths = step("list the shards of database '" + d.name() + "' on " + rpc.address(),
        () -> rpc.shardPaths(d.name()));
    Set<Long> held = new LinkedHashSet<>();
    for (String p : paths) {
      int slash = p.lastIndexOf('/');
      try {
        held.add(Long.parseLong(p.substring(slash + 1)));
      } catch (NumberFormatException e) {
        throw new EngineException("list the shards of database '" + d.name() + "' on " + rpc.address()
            + ": the server gave the path '" + p + "', which does not end in a shard id");
      }
    }
    List<ShardExport.Job> jobs = new ArrayList<>();
    for (MetaData.RetentionPolicy rp : d.retentionPolicies()) {
      for (MetaData.ShardGroup g : rp.shardGroups()) {
        if (g.deletedAt() != 0) {
          continue;
        }
        for (long id : g.shardIds()) {
          if (held.contains(id)) {
            jobs.add(new ShardExport.Job(id, rp.name(), g.startTime(), g.endTime()));
          }
        }
      }
    }
    return jobs;
  }

  private static void refuseUsedFolder(Path dir, Layout layout) throws EngineException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> s = Files.list(dir)) {
      List<String> names = s.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(Layout.PARTIAL_SUFFIX))
          .toList();
      if (!names.isEmpty()) {
        throw new EngineException("back up InfluxDB into " + layout.relative(dir) + ": the folder holds "
            + names.size() + " file(s) already (" + names.get(0) + (names.size() > 1 ? ", ..." : "")
            + "); influxd restore would mix two backups in one folder, so choose another label or move them");
      }
    } catch (IOException e) {
      throw new EngineException("back up InfluxDB into " + layout.relative(dir) + ": cannot list the folder: "
          + e.getMessage(), e);
    }
  }

  private static Artifact artifact(Layout layout, WrittenFile f) {
    return new Artifact(BackupCheck.ENGINE, layout.relative(f.path()), f.size(), f.sha256());
  }

  private static void removeQuietly(List<Path> written, Path dir, Exception cause) {
    for (Path p : written) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException e) {
        cause.addSuppressed(e);
      }
    }
    try {
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // not empty (partial files of another run, or files we did not write): leave it
    }
  }

  /** One step that may fail with an I/O error. */
  @FunctionalInterface
  interface Step<T> {
    T run() throws IOException;
  }

  static <T> T step(String operation, Step<T> step) throws EngineException {
    try {
      return step.run();
    } catch (IOException e) {
      throw new EngineException(operation + ": " + e.getMessage(), e);
    }
  }
}
