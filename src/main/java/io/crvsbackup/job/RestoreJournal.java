package io.crvsbackup.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crvsbackup.store.AtomicFiles;
import io.crvsbackup.store.Layout;
import io.crvsbackup.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code BACKUP_DIR/.restore-journal.json}: what a restore is doing, written (fsync'd) before any
 * service is scaled down and kept until every service is back. From it, {@code restore --resume} and
 * {@code serve} at start-up finish the restore or bring the services back after a crash.
 *
 * @param label the set being restored
 * @param engines the engines being restored
 * @param renames drill renames
 * @param replicas Mongo replica-set members
 * @param started when the restore began
 * @param pid the process that wrote it
 * @param phase {@code scaling-down}, {@code restoring} or {@code scaling-back}
 * @param swarm the scale-down record (services and their replicas), absent with {@code --no-scale}
 */
public record RestoreJournal(
    String label,
    List<String> engines,
    Map<String, String> renames,
    int replicas,
    Instant started,
    long pid,
    String phase,
    Optional<JsonNode> swarm) {

  static final String FILE = ".restore-journal.json";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public RestoreJournal {
    engines = List.copyOf(engines);
    renames = Map.copyOf(renames);
  }

  public static Path path(Layout layout) {
    return layout.root().resolve(FILE);
  }

  RestoreJournal withPhase(String newPhase) {
    return new RestoreJournal(label, engines, renames, replicas, started, pid, newPhase, swarm);
  }

  /** Writes the journal atomically and durably. */
  void write(Layout layout) throws StoreException {
    ObjectNode n = JSON.createObjectNode();
    n.put("label", label);
    engines.forEach(n.putArray("engines")::add);
    ObjectNode r = n.putObject("renames");
    renames.forEach(r::put);
    n.put("replicas", replicas);
    n.put("started", started.toString());
    n.put("pid", pid);
    n.put("phase", phase);
    swarm.ifPresent(s -> n.set("swarm", s));
    try {
      AtomicFiles.write(path(layout), JSON.writeValueAsBytes(n));
    } catch (IOException e) {
      throw new StoreException("cannot write the restore journal " + path(layout) + ": " + e.getMessage(), e);
    }
  }

  /** Reads the journal, if there is one. */
  public static Optional<RestoreJournal> read(Layout layout) throws StoreException {
    Path p = path(layout);
    if (!Files.exists(p)) {
      return Optional.empty();
    }
    try {
      JsonNode n = JSON.readTree(Files.readAllBytes(p));
      List<String> engines = new ArrayList<>();
      n.path("engines").forEach(e -> engines.add(e.asText()));
      Map<String, String> renames = new LinkedHashMap<>();
      n.path("renames").fields().forEachRemaining(e -> renames.put(e.getKey(), e.getValue().asText()));
      return Optional.of(new RestoreJournal(
          n.path("label").asText(), engines, renames, n.path("replicas").asInt(1),
          Instant.parse(n.path("started").asText()), n.path("pid").asLong(), n.path("phase").asText(),
          n.hasNonNull("swarm") ? Optional.of(n.get("swarm")) : Optional.empty()));
    } catch (IOException | RuntimeException e) {
      throw new StoreException("the restore journal " + p + " cannot be read (" + e.getMessage() + "); look at it,"
          + " bring the services back by hand if needed, then remove it", e);
    }
  }

  /** Removes the journal once every service is back. */
  static void clear(Layout layout) throws StoreException {
    try {
      Files.deleteIfExists(path(layout));
      AtomicFiles.syncDirectory(layout.root());
    } catch (IOException e) {
      throw new StoreException("cannot remove the restore journal " + path(layout) + ": " + e.getMessage(), e);
    }
  }
}
