package io.crvsbackup.elastic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * An fs repository's root index {@code index-N}, read without a server (see {@code spec.md}): which
 * snapshots it holds, which indices each one has and under which folder, and the oldest version that
 * can read it.
 *
 * @param file the {@code index-N} read
 * @param minVersion the {@code min_version} it declares, e.g. {@code 7.12.0}; empty when absent
 * @param snapshots by name
 * @param indices by index name
 * @param metadataBlobs index metadata identifier to blob uuid ({@code index_metadata_identifiers})
 */
record RepositoryData(
    Path file,
    Optional<String> minVersion,
    Map<String, Snapshot> snapshots,
    Map<String, IndexEntry> indices,
    Map<String, String> metadataBlobs) {

  private static final Pattern INDEX_N = Pattern.compile("index-(\\d+)");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MAX_INDEX_BYTES = 512L * 1024 * 1024;

  /**
   * One snapshot entry.
   *
   * @param state 1 is SUCCESS (0 in progress, 2 failed, 3 partial, 4 incompatible)
   * @param metadataLookup index id to index metadata identifier
   */
  record Snapshot(String name, String uuid, int state, String version, Map<String, String> metadataLookup) {}

  /** An index: its folder id under {@code indices/} and the uuids of the snapshots that hold it. */
  record IndexEntry(String name, String id, List<String> snapshotUuids) {}

  /** The folder's current root index, or empty when the folder holds no repository yet. */
  static Optional<Path> currentIndex(Path repository) throws IOException {
    if (!Files.isDirectory(repository)) {
      return Optional.empty();
    }
    Path latest = repository.resolve("index.latest");
    if (Files.isRegularFile(latest) && Files.size(latest) == Long.BYTES) {
      Path p = repository.resolve("index-" + ByteBuffer.wrap(Files.readAllBytes(latest)).getLong());
      if (Files.isRegularFile(p)) {
        return Optional.of(p);
      }
    }
    long best = -1;
    try (Stream<Path> files = Files.list(repository)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Matcher m = INDEX_N.matcher(p.getFileName().toString());
        if (m.matches()) {
          best = Math.max(best, Long.parseLong(m.group(1)));
        }
      }
    }
    return best < 0 ? Optional.empty() : Optional.of(repository.resolve("index-" + best));
  }

  /**
   * Reads the current root index.
   *
   * @return empty when the folder holds no repository
   * @throws IOException when it cannot be read or does not parse; the message names the file
   */
  static Optional<RepositoryData> read(Path repository) throws IOException {
    Optional<Path> index = currentIndex(repository);
    if (index.isEmpty()) {
      return Optional.empty();
    }
    Path file = index.get();
    if (Files.size(file) > MAX_INDEX_BYTES) {
      throw new IOException(file + " is too large to be a repository index");
    }
    JsonNode root;
    try {
      root = JSON.readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new IOException(file + " is not a readable repository index: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject() || !root.path("snapshots").isArray()) {
      throw new IOException(file + " is not a repository index: it has no 'snapshots' list");
    }
    return Optional.of(parse(file, root));
  }

  static RepositoryData parse(Path file, JsonNode root) {
    Map<String, Snapshot> snapshots = new LinkedHashMap<>();
    for (JsonNode s : root.path("snapshots")) {
      Map<String, String> lookup = new LinkedHashMap<>();
      s.path("index_metadata_lookup").properties().forEach(e -> lookup.put(e.getKey(), e.getValue().asText()));
      snapshots.put(s.path("name").asText(), new Snapshot(s.path("name").asText(), s.path("uuid").asText(),
          s.path("state").asInt(-1), s.path("version").asText(""), lookup));
    }
    Map<String, IndexEntry> indices = new LinkedHashMap<>();
    root.path("indices").properties().forEach(e -> {
      List<String> uuids = new ArrayList<>();
      e.getValue().path("snapshots").forEach(u -> uuids.add(u.asText()));
      indices.put(e.getKey(), new IndexEntry(e.getKey(), e.getValue().path("id").asText(), uuids));
    });
    Map<String, String> blobs = new LinkedHashMap<>();
    root.path("index_metadata_identifiers").properties().forEach(e -> blobs.put(e.getKey(), e.getValue().asText()));
    Optional<String> minVersion = root.hasNonNull("min_version")
        ? Optional.of(root.get("min_version").asText()) : Optional.empty();
    return new RepositoryData(file, minVersion, snapshots, indices, blobs);
  }

  /** The indices that hold the snapshot with this uuid, by name. */
  Map<String, IndexEntry> indicesOf(String uuid) {
    Map<String, IndexEntry> out = new LinkedHashMap<>();
    indices.forEach((name, e) -> {
      if (e.snapshotUuids().contains(uuid)) {
        out.put(name, e);
      }
    });
    return out;
  }

  /** The major version of {@code min_version}, or 0 when it is absent or unreadable. */
  int minMajor() {
    return minVersion.map(RepositoryData::major).orElse(0);
  }

  static int major(String version) {
    Matcher m = Pattern.compile("^(\\d+)\\.").matcher(version);
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }
}
