package io.crvsbackup.influx;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code <ts>.manifest} file of a portable backup (Go's {@code backup_util.Manifest}): the metastore
 * file and the shard files. {@code metaSize} is the length of the metastore protobuf inside the {@code
 * .meta} file; a shard's {@code size} is the length of the tar inside its {@code .tar.gz}.
 */
record PortableManifest(String metaFile, long metaSize, boolean limited, List<Entry> files) {
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  PortableManifest {
    files = List.copyOf(files);
  }

  /** One shard file. */
  record Entry(String database, String policy, long shardId, String fileName, long size, long lastModified) {}

  /**
   * The JSON as influxd writes it (Go's {@code json.MarshalIndent} with two spaces): the same keys in the
   * same order, the same layout, {@code null} for an empty list, no final newline.
   */
  byte[] encode() {
    StringBuilder b = new StringBuilder();
    b.append("{\n  \"meta\": {\n    \"fileName\": ").append(quote(metaFile))
        .append(",\n    \"size\": ").append(metaSize).append("\n  },\n  \"limited\": ").append(limited)
        .append(",\n  \"files\": ");
    if (files.isEmpty()) {
      b.append("null");
    } else {
      b.append("[");
      for (int i = 0; i < files.size(); i++) {
        Entry e = files.get(i);
        b.append(i == 0 ? "\n" : ",\n")
            .append("    {\n      \"database\": ").append(quote(e.database()))
            .append(",\n      \"policy\": ").append(quote(e.policy()))
            .append(",\n      \"shardID\": ").append(e.shardId())
            .append(",\n      \"fileName\": ").append(quote(e.fileName()))
            .append(",\n      \"size\": ").append(e.size())
            .append(",\n      \"lastModified\": ").append(e.lastModified())
            .append("\n    }");
      }
      b.append("\n  ]");
    }
    return b.append("\n}").toString().getBytes(StandardCharsets.UTF_8);
  }

  /** A JSON string as Go writes it, which also escapes {@code <}, {@code >} and {@code &}. */
  private static String quote(String s) {
    try {
      return JSON.writeValueAsString(s).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
          .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot quote a JSON string", e);
    }
  }

  /**
   * Reads a manifest, refusing anything that is not an InfluxDB 1.x portable manifest.
   *
   * @param what the file, for messages
   */
  static PortableManifest decode(byte[] json, String what) throws FormatException {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new FormatException(what + " is not JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new FormatException(what + " is not JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new FormatException(what + " is not a JSON object");
    }
    if (!root.has("meta") && (root.has("kv") || root.has("sql") || root.has("buckets"))) {
      throw new FormatException(what + " comes from InfluxDB 2.x (`influx backup`), an incompatible version:"
          + " InfluxDB 1.x cannot restore it, and OpenCRVS runs InfluxDB 1.x");
    }
    JsonNode meta = root.path("meta");
    String metaFile = meta.path("fileName").asText("");
    if (!meta.isObject() || metaFile.isEmpty()) {
      throw new FormatException(what + " is not an InfluxDB 1.x portable manifest: it names no metastore file");
    }
    requirePlainName(metaFile, what);
    List<Entry> files = new ArrayList<>();
    JsonNode list = root.path("files");
    if (!list.isNull() && !list.isMissingNode() && !list.isArray()) {
      throw new FormatException(what + ": 'files' is not a list");
    }
    for (JsonNode f : list) {
      if (f.has("bucketID") || f.has("orgID")) {
        throw new FormatException(what + " lists InfluxDB 2.x shard files (bucketID/orgID): an incompatible"
            + " version that InfluxDB 1.x cannot restore");
      }
      String file = f.path("fileName").asText("");
      if (file.isEmpty() || !f.path("database").isTextual() || !f.path("policy").isTextual()
          || !f.path("shardID").canConvertToLong() || !f.path("size").canConvertToLong()) {
        throw new FormatException(what + " has a shard entry without database, policy, shardID, fileName or size: "
            + f);
      }
      requirePlainName(file, what);
      files.add(new Entry(f.path("database").asText(), f.path("policy").asText(), f.path("shardID").asLong(),
          file, f.path("size").asLong(), f.path("lastModified").asLong(0)));
    }
    return new PortableManifest(metaFile, meta.path("size").asLong(-1), root.path("limited").asBoolean(false),
        files);
  }

  private static void requirePlainName(String name, String what) throws FormatException {
    if (name.contains("/") || name.contains("\\") || name.equals(".") || name.equals("..")
        || name.chars().anyMatch(c -> c < 0x20)) {
      throw new FormatException(what + " names '" + name + "', which is not a file in the backup's folder;"
          + " the manifest is corrupt or was tampered with");
    }
  }
}
