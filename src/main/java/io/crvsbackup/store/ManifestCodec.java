package io.crvsbackup.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads and writes manifests as JSON, strictly: a manifest that is not what we wrote is refused. */
public final class ManifestCodec {
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  private static final long MAX_MANIFEST_BYTES = 16L * 1024 * 1024;

  private ManifestCodec() {}

  public static byte[] encode(Manifest m) {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", Manifest.FORMAT);
    root.put("label", m.label().value());
    root.put("status", m.status().word());
    root.put("created", m.created().toString());
    m.finished().ifPresent(f -> root.put("finished", f.toString()));
    root.put("toolVersion", m.toolVersion());
    ArrayNode artifacts = root.putArray("artifacts");
    for (Artifact a : m.artifacts()) {
      ObjectNode n = artifacts.addObject();
      n.put("engine", a.engine());
      n.put("path", a.path());
      n.put("size", a.size());
      n.put("sha256", a.sha256());
    }
    ObjectNode engines = root.putObject("engines");
    m.engines().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> engines.set(e.getKey(), e.getValue()));
    ArrayNode failures = root.putArray("failures");
    for (Manifest.Failure f : m.failures()) {
      failures.addObject().put("engine", f.engine()).put("message", f.message());
    }
    try {
      return JSON.writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode manifest " + m.label(), e);
    }
  }

  /**
   * Reads and checks a manifest file.
   *
   * @throws StoreException naming the file and what is wrong: not JSON, a field missing or malformed, a
   *     listed path outside {@code BACKUP_DIR}
   */
  public static Manifest read(Path file, Layout layout) throws StoreException {
    JsonNode root;
    try {
      if (Files.size(file) > MAX_MANIFEST_BYTES) {
        throw new StoreException("manifest " + file + " is larger than 16 MiB; it is not one of ours");
      }
      root = JSON.readTree(Files.readAllBytes(file));
    } catch (JsonProcessingException e) {
      throw new StoreException(
          "manifest " + file + " is not valid JSON (" + e.getOriginalMessage() + " at line "
              + e.getLocation().getLineNr() + "); the set cannot be trusted; move the file away to treat the"
              + " set's files as an imported set");
    } catch (IOException e) {
      throw new StoreException("cannot read manifest " + file + ": " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new StoreException("manifest " + file + " is not a JSON object");
    }
    try {
      return decode(root, file, layout);
    } catch (IllegalArgumentException e) {
      throw new StoreException("manifest " + file + " is malformed: " + e.getMessage());
    }
  }

  private static Manifest decode(JsonNode root, Path file, Layout layout) throws StoreException {
    int format = root.path("format").asInt(-1);
    if (format != Manifest.FORMAT) {
      throw new IllegalArgumentException(
          "format " + root.path("format") + " is not supported (this build reads format " + Manifest.FORMAT + ")");
    }
    Label label;
    try {
      label = Label.parse(text(root, "label"));
    } catch (BadInputException e) {
      throw new IllegalArgumentException("label: " + e.getMessage());
    }
    String expected = label.value() + Layout.MANIFEST_SUFFIX;
    if (!file.getFileName().toString().equals(expected)) {
      throw new IllegalArgumentException("its label '" + label + "' does not match its file name");
    }
    SetStatus status;
    try {
      status = SetStatus.valueOf(text(root, "status").toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("status must be complete or incomplete, not " + root.get("status"));
    }
    List<Artifact> artifacts = new ArrayList<>();
    JsonNode list = root.path("artifacts");
    if (!list.isArray()) {
      throw new IllegalArgumentException("artifacts must be a list");
    }
    for (JsonNode a : list) {
      String path = text(a, "path");
      layout.resolveListed(path, file);
      String sha = text(a, "sha256");
      if (!SHA256.matcher(sha).matches()) {
        throw new IllegalArgumentException("artifact " + path + " has no valid sha256");
      }
      long size = a.path("size").asLong(-1);
      if (!a.path("size").canConvertToLong() || size < 0) {
        throw new IllegalArgumentException("artifact " + path + " has no valid size");
      }
      artifacts.add(new Artifact(text(a, "engine"), path, size, sha));
    }
    Map<String, JsonNode> engines = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.path("engines").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      engines.put(e.getKey(), e.getValue());
    }
    List<Manifest.Failure> failures = new ArrayList<>();
    for (JsonNode f : root.path("failures")) {
      failures.add(new Manifest.Failure(f.path("engine").asText(""), f.path("message").asText("")));
    }
    return new Manifest(
        label,
        status,
        instant(root, "created"),
        root.hasNonNull("finished") ? Optional.of(instant(root, "finished")) : Optional.empty(),
        root.path("toolVersion").asText("unknown"),
        artifacts,
        engines,
        failures);
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual() || v.asText().isEmpty()) {
      throw new IllegalArgumentException("field '" + field + "' is missing or not a string");
    }
    return v.asText();
  }

  private static Instant instant(JsonNode node, String field) {
    String s = text(node, field);
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("field '" + field + "' is not an ISO-8601 instant: " + s);
    }
  }
}
