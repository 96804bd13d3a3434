package io.crvsbackup.elastic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crvsbackup.store.BackupSet;
import io.crvsbackup.store.Manifest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the manifest records about a set's Elasticsearch part. The snapshot's {@code uuid} is what makes
 * it ours: {@code forget} deletes {@code snapshot_<label>} only while the repository's snapshot of that
 * name still has this uuid, and restore refuses a snapshot of that name with another uuid.
 *
 * @param server the address backed up, without credentials
 * @param serverVersion its version
 * @param repository the repository's name
 * @param location the repository's folder as the server was given it
 * @param snapshot {@code snapshot_<label>}
 * @param uuid the snapshot's uuid
 * @param state {@code SUCCESS} (anything else fails the backup)
 * @param snapshotVersionId the version id the snapshot records ({@code versionId / 1_000_000} is the major)
 * @param selection the index names and patterns that were asked for
 * @param indices per index, the document count (see {@link Docs})
 * @param shards the number of shards in the snapshot
 * @param bytes the size of every file the snapshot references
 * @param incrementalBytes what this snapshot added to the repository
 * @param started when the snapshot started
 * @param finished when it ended
 */
record SnapshotFacts(
    String server,
    String serverVersion,
    String repository,
    String location,
    String snapshot,
    String uuid,
    String state,
    long snapshotVersionId,
    List<String> selection,
    Map<String, Docs> indices,
    int shards,
    long bytes,
    long incrementalBytes,
    Instant started,
    Instant finished) {

  static final String ENGINE = "elasticsearch";

  SnapshotFacts {
    selection = List.copyOf(selection);
    indices = Map.copyOf(indices);
  }

  /**
   * An index's document count. Counted after a refresh just before the snapshot ({@code min}) and again
   * just after ({@code max}); when writes came in between, the snapshot holds a count between the two.
   */
  record Docs(long min, long max) {
    static Docs exact(long n) {
      return new Docs(n, n);
    }

    static Docs between(long a, long b) {
      return new Docs(Math.min(a, b), Math.max(a, b));
    }

    boolean accepts(long n) {
      return n >= min && n <= max;
    }

    @Override
    public String toString() {
      return min == max ? Long.toString(min) : min + " to " + max;
    }
  }

  long documents() {
    return indices.values().stream().mapToLong(Docs::min).sum();
  }

  JsonNode toJson() {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("server", server).put("serverVersion", serverVersion).put("repository", repository)
        .put("location", location).put("snapshot", snapshot).put("uuid", uuid).put("state", state)
        .put("snapshotVersionId", snapshotVersionId);
    selection.forEach(n.putArray("selection")::add);
    ObjectNode idx = n.putObject("indices");
    indices.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
      ObjectNode i = idx.putObject(e.getKey()).put("docs", e.getValue().min());
      if (e.getValue().max() != e.getValue().min()) {
        i.put("docsMax", e.getValue().max());
      }
    });
    n.put("documents", documents()).put("shards", shards).put("bytes", bytes)
        .put("incrementalBytes", incrementalBytes)
        .put("started", started.toString()).put("finished", finished.toString());
    return n;
  }

  /** The facts a manifest's {@code elasticsearch} entry holds, when it names a snapshot and its uuid. */
  static Optional<SnapshotFacts> from(JsonNode n) {
    if (n == null || !n.hasNonNull("snapshot") || !n.hasNonNull("uuid")) {
      return Optional.empty();
    }
    List<String> selection = new ArrayList<>();
    n.path("selection").forEach(s -> selection.add(s.asText()));
    Map<String, Docs> indices = new LinkedHashMap<>();
    n.path("indices").properties().forEach(e -> {
      long docs = e.getValue().path("docs").asLong();
      indices.put(e.getKey(), new Docs(docs, e.getValue().path("docsMax").asLong(docs)));
    });
    return Optional.of(new SnapshotFacts(
        n.path("server").asText(""), n.path("serverVersion").asText(""), n.path("repository").asText(""),
        n.path("location").asText(""), n.get("snapshot").asText(), n.get("uuid").asText(),
        n.path("state").asText(""), n.path("snapshotVersionId").asLong(), selection, indices,
        n.path("shards").asInt(), n.path("bytes").asLong(), n.path("incrementalBytes").asLong(),
        instant(n.path("started")), instant(n.path("finished"))));
  }

  /** The facts of a set's manifest; empty for an imported set or one without an Elasticsearch part. */
  static Optional<SnapshotFacts> of(BackupSet set) {
    return set.manifest().map(Manifest::engines).flatMap(e -> from(e.get(ENGINE)));
  }

  /** Whether the set has a manifest of ours that mentions Elasticsearch at all (even a failed part). */
  static boolean mentioned(BackupSet set) {
    return set.manifest().map(m -> m.engines().containsKey(ENGINE)).orElse(false);
  }

  private static Instant instant(JsonNode n) {
    try {
      return n.isTextual() ? Instant.parse(n.asText()) : Instant.EPOCH;
    } catch (RuntimeException e) {
      return Instant.EPOCH;
    }
  }
}
