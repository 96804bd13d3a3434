package io.crvsbackup.influx;

import io.crvsbackup.job.JobListener;
import io.crvsbackup.store.BackupSet;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Checks a whole portable backup without a server: the metastore file decodes, every shard file named
 * exists, decompresses to its end with a good CRC, holds a complete tar of the length the manifest gives
 * whose entries belong to that shard, and every shard is in the metastore. When checksums are known
 * (a set of ours), each file's SHA-256 is compared as it is read.
 */
final class BackupCheck {
  static final String ENGINE = "influxdb";
  private static final int BUFFER = 256 * 1024;

  /**
   * The outcome: the metastore when it could be read, every problem found, one line each, and when asked
   * for, what each shard holds (shards that could not be counted are missing, with a problem).
   */
  record Result(
      Optional<MetaData> meta, List<String> problems, Map<PortableManifest.Entry, ShardCounter.Result> counts) {
    Result {
      problems = List.copyOf(problems);
      counts = Map.copyOf(counts);
    }

    boolean ok() {
      return problems.isEmpty();
    }
  }

  private final PortableBackup backup;
  private final Map<String, String> sha256ByFileName;
  private final JobListener listener;
  private final int threads;
  private final String shown;
  private final Map<PortableManifest.Entry, ShardCounter.Result> counts =
      new java.util.concurrent.ConcurrentHashMap<>();
  private Path spool;
  private boolean trustChecksums;

  /**
   * @param sha256ByFileName expected SHA-256 per file name in the folder; empty for an imported set
   * @param shown how messages show the folder ({@code influxdb/<label>/})
   */
  BackupCheck(PortableBackup backup, Map<String, String> sha256ByFileName, JobListener listener, int threads,
      String shown) {
    this.backup = backup;
    this.shown = shown;
    this.sha256ByFileName = Map.copyOf(sha256ByFileName);
    this.listener = listener;
    this.threads = Math.max(1, threads);
  }

  /**
   * Checks a shard file whose SHA-256 our manifest records by that checksum alone: equal bytes are the
   * file our backup wrote, whose tar it checked while it streamed. Saves decompressing every shard twice
   * in a restore; offline verification keeps the full check.
   */
  BackupCheck trustingChecksums() {
    this.trustChecksums = true;
    return this;
  }

  /** Also counts every shard's TSM data, spooling it in {@code dir} (see {@link ShardCounter}). */
  BackupCheck counting(Path dir) {
    this.spool = dir;
    return this;
  }

  Result run() {
    List<String> problems = new ArrayList<>();
    Optional<MetaData> meta = meta(problems);
    List<Parallel.Task<List<String>, RuntimeException>> tasks = new ArrayList<>();
    for (PortableManifest.Entry e : backup.shards()) {
      tasks.add(() -> shard(e, meta));
    }
    try {
      Parallel.run(threads, "influx-check", tasks).forEach(problems::addAll);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      problems.add("the check was interrupted");
    }
    return new Result(meta, problems, counts);
  }

  private Optional<MetaData> meta(List<String> problems) {
    Path file = backup.metaPath();
    String name = shown + backup.metaFile();
    try {
      byte[] bytes = Files.readAllBytes(file);
      compareSha(backup.metaFile(), name, sha256(bytes), problems);
      byte[] data = MetaCodec.unpack(bytes, name);
      if (backup.metaSize() >= 0 && backup.metaSize() != data.length && backup.metaSize() != bytes.length) {
        problems.add("corrupted: " + name + " holds a metastore of " + data.length + " bytes, the manifest says "
            + backup.metaSize());
      }
      MetaData meta = MetaCodec.decode(data, name);
      listener.progress(ENGINE, "check " + name, meta.databases().size(), bytes.length, true);
      return Optional.of(meta);
    } catch (NoSuchFileException e) {
      problems.add("missing: " + name + " (the metastore file named by " + shown
          + backup.manifests().get(0).getFileName() + ")");
    } catch (FormatException e) {
      problems.add("corrupted or incompatible: " + e.getMessage());
    } catch (IOException e) {
      problems.add("unreadable: " + name + ": " + e.getMessage());
    }
    return Optional.empty();
  }

  private List<String> shard(PortableManifest.Entry e, Optional<MetaData> meta) {
    List<String> problems = new ArrayList<>();
    String name = shown + e.fileName();
    Path file = backup.file(e);
    MessageDigest sha = newSha256();
    String prefix = e.database() + "/" + e.policy() + "/" + e.shardId() + "/";
    if (trustChecksums && spool == null && sha256ByFileName.containsKey(e.fileName())) {
      try (InputStream raw = new DigestInputStream(Files.newInputStream(file), sha)) {
        long size = raw.transferTo(java.io.OutputStream.nullOutputStream());
        compareSha(e.fileName(), name, HexFormat.of().formatHex(sha.digest()), problems);
        listener.progress(ENGINE, "check " + name, 1, size, true);
      } catch (NoSuchFileException x) {
        problems.add(missing(name, e));
      } catch (IOException x) {
        problems.add("unreadable: " + name + ": " + x.getMessage());
      }
      known(e, meta, name).ifPresent(problems::add);
      return problems;
    }
    try (InputStream raw = new DigestInputStream(Files.newInputStream(file), sha);
        InputStream in = new GZIPInputStream(raw, BUFFER);
        ShardCounter counter = spool == null ? null : new ShardCounter(spool, name)) {
      TarStream.Summary s = TarStream.rename(in, java.io.OutputStream.nullOutputStream(), entry -> {
        if (!entry.startsWith(prefix) || entry.length() == prefix.length()) {
          throw new IllegalArgumentException(entry);
        }
        return entry;
      }, name, counter);
      raw.transferTo(java.io.OutputStream.nullOutputStream());
      if (counter != null) {
        try {
          counts.put(e, counter.count());
        } catch (IOException x) {
          problems.add("corrupted: " + name + ": its TSM data cannot be counted: " + x.getMessage());
        }
      }
      if (s.bytes() != e.size()) {
        problems.add("corrupted: " + name + " holds a tar of " + s.bytes() + " bytes, the manifest says " + e.size());
      }
      compareSha(e.fileName(), name, HexFormat.of().formatHex(sha.digest()), problems);
      listener.progress(ENGINE, "check " + name, s.files(), Files.size(file), true);
    } catch (NoSuchFileException x) {
      problems.add(missing(name, e));
    } catch (ZipException | EOFException x) {
      problems.add("corrupted: " + name + " is not a whole gzip file (" + x.getMessage() + ")");
    } catch (FormatException x) {
      problems.add("corrupted: " + x.getMessage());
    } catch (IllegalArgumentException x) {
      problems.add("corrupted: " + name + " holds '" + x.getMessage() + "', which is not a file of shard "
          + prefix.substring(0, prefix.length() - 1));
    } catch (IOException x) {
      problems.add("unreadable: " + name + ": " + x.getMessage());
    }
    known(e, meta, name).ifPresent(problems::add);
    return problems;
  }

  private static String missing(String name, PortableManifest.Entry e) {
    return "missing: " + name + " (shard " + e.shardId() + " of " + e.database() + "." + e.policy()
        + ", named by the manifest)";
  }

  /** A problem when the metastore does not know the shard (it could not be restored). */
  private Optional<String> known(PortableManifest.Entry e, Optional<MetaData> meta, String name) {
    return meta.flatMap(m -> {
      boolean known = m.database(e.database()).flatMap(d -> d.retentionPolicies().stream()
              .filter(rp -> rp.name().equals(e.policy())).findFirst())
          .map(rp -> rp.shardGroups().stream().anyMatch(g -> g.shardIds().contains(e.shardId())))
          .orElse(false);
      return known ? Optional.empty() : Optional.of("corrupted: shard " + e.shardId() + " of " + e.database() + "."
          + e.policy() + " (" + name + ") is not in the metastore file " + shown + backup.metaFile()
          + ", so it could not be restored");
    });
  }

  private void compareSha(String fileName, String name, String actual, List<String> problems) {
    String expected = sha256ByFileName.get(fileName);
    if (expected != null && !expected.equals(actual)) {
      problems.add("corrupted: " + name + " has sha256 " + actual + ", the manifest says " + expected);
    }
  }

  /** The SHA-256 our manifest records for each file of a set's InfluxDB folder, by file name. */
  static Map<String, String> checksums(BackupSet set) {
    String prefix = io.crvsbackup.store.Layout.INFLUXDB + "/" + set.label().value() + "/";
    Map<String, String> out = new java.util.HashMap<>();
    set.manifest().ifPresent(m -> m.artifacts().stream()
        .filter(a -> a.path().startsWith(prefix) && a.path().indexOf('/', prefix.length()) < 0)
        .forEach(a -> out.put(a.path().substring(prefix.length()), a.sha256())));
    return out;
  }

  static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(newSha256().digest(bytes));
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
