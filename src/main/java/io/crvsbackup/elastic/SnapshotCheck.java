package io.crvsbackup.elastic;

import com.fasterxml.jackson.databind.JsonNode;
import io.crvsbackup.job.JobListener;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks one snapshot in the fs repository without a server: the root index lists it (with the uuid the
 * manifest recorded) and parses; its own metadata, each index's metadata and each shard's file list are
 * whole (Lucene footer checksums); it has the indices the manifest lists; and every data file of every
 * shard is there with the size and checksum its shard metadata gives. Problems come back one per line,
 * each naming the file, relative to {@code BACKUP_DIR}.
 */
final class SnapshotCheck {
  private final Path repository;
  private final JobListener listener;
  /** The repository's root index, once {@link #check} or {@link #quick} read it. */
  private RepositoryData data;

  SnapshotCheck(Path repository, JobListener listener) {
    this.repository = repository;
    this.listener = listener;
  }

  /** The full check. */
  List<String> check(String name, Optional<SnapshotFacts> facts) {
    List<String> problems = new ArrayList<>();
    Optional<RepositoryData.Snapshot> found = find(name, facts.map(SnapshotFacts::uuid), problems);
    if (found.isEmpty()) {
      return problems;
    }
    RepositoryData data = this.data;
    RepositoryData.Snapshot snap = found.get();
    Optional<JsonNode> info = metadata("snap-" + snap.uuid() + ".dat", problems);
    metadata("meta-" + snap.uuid() + ".dat", problems);
    Set<String> listed = new TreeSet<>(data.indicesOf(snap.uuid()).keySet());
    info.ifPresent(i -> {
      Set<String> inSnap = new TreeSet<>();
      i.path("snapshot").path("indices").forEach(n -> inSnap.add(n.asText()));
      if (!inSnap.equals(listed)) {
        problems.add("corrupted: " + rel(data.file()) + " lists indices " + listed + " for " + name + ", its "
            + rel(repository.resolve("snap-" + snap.uuid() + ".dat")) + " lists " + inSnap);
      }
      String state = i.path("snapshot").path("state").asText("");
      if (!"SUCCESS".equals(state)) {
        problems.add("unusable: snapshot " + name + " ended " + state + ", not SUCCESS");
      }
    });
    facts.ifPresent(f -> {
      if (!f.indices().keySet().equals(listed)) {
        problems.add("incomplete: snapshot " + name + " holds indices " + listed + ", the manifest lists "
            + new TreeSet<>(f.indices().keySet()));
      }
    });
    for (RepositoryData.IndexEntry index : data.indicesOf(snap.uuid()).values()) {
      checkIndex(snap, index, problems);
    }
    return problems;
  }

  /** The quick check after a backup: the root index lists the snapshot with this uuid, and its file parses. */
  List<String> quick(String name, String uuid) {
    List<String> problems = new ArrayList<>();
    if (find(name, Optional.of(uuid), problems).isPresent()) {
      metadata("snap-" + uuid + ".dat", problems);
    }
    return problems;
  }

  private Optional<RepositoryData.Snapshot> find(String name, Optional<String> uuid, List<String> problems) {
    Optional<RepositoryData> read;
    try {
      read = RepositoryData.read(repository);
    } catch (IOException e) {
      problems.add("unreadable: " + rel(repository) + ": " + e.getMessage());
      return Optional.empty();
    }
    if (read.isEmpty()) {
      problems.add("missing: " + rel(repository) + " holds no Elasticsearch repository (no index-N), so not "
          + name);
      return Optional.empty();
    }
    data = read.get();
    RepositoryData.Snapshot snap = data.snapshots().get(name);
    if (snap == null) {
      problems.add("missing: snapshot " + name + " is not in " + rel(data.file()) + " (it holds "
          + new TreeSet<>(data.snapshots().keySet()) + ")");
      return Optional.empty();
    }
    if (uuid.isPresent() && !uuid.get().equals(snap.uuid())) {
      problems.add("replaced: snapshot " + name + " in " + rel(data.file()) + " has uuid " + snap.uuid()
          + ", the manifest recorded " + uuid.get() + "; it is not the snapshot crvs-backup took");
      return Optional.empty();
    }
    if (snap.state() != 1) {
      problems.add("unusable: " + rel(data.file()) + " gives snapshot " + name + " state " + snap.state()
          + " (1 is SUCCESS)");
    }
    return Optional.of(snap);
  }

  private void checkIndex(RepositoryData.Snapshot snap, RepositoryData.IndexEntry index, List<String> problems) {
    String folder = "indices/" + index.id() + "/";
    String key = snap.metadataLookup().get(index.id());
    String blob = key == null ? snap.uuid() : data.metadataBlobs().getOrDefault(key, key);
    Optional<JsonNode> meta = metadata(folder + "meta-" + blob + ".dat", problems);
    if (meta.isEmpty()) {
      return;
    }
    JsonNode settings = meta.get().path(index.name()).path("settings");
    int shards = settings.path("index.number_of_shards").asInt(settings.path("index").path("number_of_shards").asInt(0));
    if (shards <= 0) {
      problems.add("corrupted: " + folder + "meta-" + blob + ".dat gives index " + index.name() + " no shard count");
      return;
    }
    long files = 0;
    long bytes = 0;
    for (int s = 0; s < shards; s++) {
      Optional<JsonNode> shard = metadata(folder + s + "/snap-" + snap.uuid() + ".dat", problems);
      if (shard.isEmpty()) {
        continue;
      }
      for (JsonNode f : shard.get().path("files")) {
        bytes += checkFile(folder + s + "/", f, problems);
        files++;
      }
    }
    listener.progress(SnapshotFacts.ENGINE, index.name(), files, bytes, true);
  }

  private long checkFile(String folder, JsonNode f, List<String> problems) {
    String name = f.path("name").asText("");
    long length = f.path("length").asLong(-1);
    String checksum = f.path("checksum").asText("");
    String what = folder + name + " (" + f.path("physical_name").asText("?") + ")";
    try {
      if (name.startsWith("v__")) {
        byte[] inline = Base64.getDecoder().decode(f.path("meta_hash").asText(""));
        if (inline.length != length) {
          problems.add("corrupted: " + rel(repository.resolve(folder)) + " holds " + inline.length
              + " inline bytes for " + what + ", its metadata says " + length);
        } else {
          BlobFormat.checkFooter(inline);
        }
        return 0;
      }
      long partSize = f.path("part_size").asLong(Long.MAX_VALUE);
      long parts = partSize <= 0 || partSize >= length ? 1 : (length + partSize - 1) / partSize;
      List<Path> paths = new ArrayList<>();
      for (long p = 0; p < parts; p++) {
        paths.add(repository.resolve(folder + (parts == 1 ? name : name + ".part" + p)));
      }
      BlobFormat.checkData(paths, length, checksum);
      return length;
    } catch (NoSuchFileException e) {
      problems.add("missing: " + rel(Path.of(e.getFile())) + ", data of " + what);
    } catch (IOException | IllegalArgumentException e) {
      problems.add("unreadable: " + rel(repository.resolve(folder + name)) + ": " + e.getMessage());
    } catch (BlobFormat.BadBlob e) {
      problems.add("corrupted: " + rel(repository.resolve(folder + name)) + " " + e.getMessage());
    }
    return 0;
  }

  private Optional<JsonNode> metadata(String relative, List<String> problems) {
    Path file = repository.resolve(relative);
    try {
      return Optional.of(BlobFormat.readMetadata(file));
    } catch (NoSuchFileException e) {
      problems.add("missing: " + rel(file));
    } catch (IOException e) {
      problems.add("unreadable: " + rel(file) + ": " + e.getMessage());
    } catch (BlobFormat.BadBlob e) {
      problems.add("corrupted: " + rel(file) + " " + e.getMessage());
    }
    return Optional.empty();
  }

  /** A path relative to {@code BACKUP_DIR} (the repository folder's parent), as manifests name files. */
  private String rel(Path p) {
    Path base = repository.toAbsolutePath().normalize().getParent();
    Path abs = p.toAbsolutePath().normalize();
    return base != null && abs.startsWith(base) ? base.relativize(abs).toString().replace('\\', '/') : abs.toString();
  }
}
