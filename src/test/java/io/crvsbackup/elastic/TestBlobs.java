package io.crvsbackup.elastic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.smile.SmileFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/** Writes repository files the way Elasticsearch does (see spec.md), for tests that need no server. */
final class TestBlobs {
  private static final ObjectMapper SMILE = new ObjectMapper(new SmileFactory());

  private TestBlobs() {}

  /** A metadata blob: codec header, optionally DEFLATE-compressed SMILE, Lucene footer. */
  static byte[] metadata(String codec, JsonNode content, boolean compress) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] name = codec.getBytes(StandardCharsets.UTF_8);
    out.write(ByteBuffer.allocate(4).putInt(BlobFormat.CODEC_MAGIC).array());
    out.write(name.length);
    out.write(name);
    out.write(ByteBuffer.allocate(4).putInt(1).array());
    byte[] smile = SMILE.writeValueAsBytes(content);
    if (compress) {
      out.write(new byte[] {'D', 'F', 'L', 0});
      Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
      try (DeflaterOutputStream d = new DeflaterOutputStream(out, deflater, true)) {
        d.write(smile);
      }
    } else {
      out.write(smile);
    }
    return withFooter(out.toByteArray());
  }

  /** {@code body} followed by a Lucene footer with its CRC-32. */
  static byte[] withFooter(byte[] body) {
    ByteBuffer b = ByteBuffer.allocate(body.length + BlobFormat.FOOTER_LENGTH);
    b.put(body).putInt(BlobFormat.FOOTER_MAGIC).putInt(0);
    CRC32 crc = new CRC32();
    crc.update(b.array(), 0, body.length + 8);
    b.putLong(crc.getValue());
    return b.array();
  }

  /** A root {@code index-0} and {@code index.latest} listing these snapshots, and each one's snap file. */
  static void repository(Path folder, Collection<Cluster.SnapshotDetails> snapshots) throws IOException {
    Files.createDirectories(folder);
    ObjectNode root = EsNode.JSON.createObjectNode().put("min_version", "7.12.0");
    var list = root.putArray("snapshots");
    ObjectNode indices = root.putObject("indices");
    for (Cluster.SnapshotDetails d : snapshots) {
      list.addObject().put("name", d.name()).put("uuid", d.uuid()).put("state", 1).put("version", "8.11.0");
      for (String i : d.indices()) {
        ObjectNode e = indices.has(i) ? (ObjectNode) indices.get(i) : indices.putObject(i).put("id", "id-" + i);
        (e.has("snapshots") ? (com.fasterxml.jackson.databind.node.ArrayNode) e.get("snapshots") : e.putArray("snapshots"))
            .add(d.uuid());
      }
      ObjectNode info = EsNode.JSON.createObjectNode();
      ObjectNode s = info.putObject("snapshot").put("name", d.name()).put("uuid", d.uuid()).put("state", "SUCCESS");
      d.indices().forEach(s.putArray("indices")::add);
      Files.write(folder.resolve("snap-" + d.uuid() + ".dat"), metadata("snapshot", info, true));
    }
    Files.write(folder.resolve("index-0"), EsNode.JSON.writeValueAsBytes(root));
    Files.write(folder.resolve("index.latest"), ByteBuffer.allocate(8).putLong(0).array());
  }
}
