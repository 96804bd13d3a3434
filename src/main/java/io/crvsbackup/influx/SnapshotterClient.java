package io.crvsbackup.influx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crvsbackup.config.Settings.HostPort;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A client of influxd's snapshotter service, the RPC port behind {@code influxd backup} and {@code
 * influxd restore} (spec.md). Every call opens one TCP connection, sends the mux header {@code 3}, the
 * request type and its JSON, and reads the answer until the server closes. The server has no way to
 * report errors: it closes the connection without answering, so each call checks what it got.
 */
final class SnapshotterClient {
  static final int MUX_HEADER = 3;
  private static final int BUFFER = 64 * 1024;
  private static final int MAX_METASTORE = 256 * 1024 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Reads a streamed answer. */
  @FunctionalInterface
  interface AnswerReader<T> {
    T read(InputStream in) throws IOException;
  }

  /** Writes a streamed upload. */
  @FunctionalInterface
  interface UploadWriter {
    void write(OutputStream out) throws IOException;
  }

  private final HostPort address;
  private final Duration connectTimeout;
  private final Duration readTimeout;

  SnapshotterClient(HostPort address, Duration connectTimeout, Duration readTimeout) {
    this.address = address;
    this.connectTimeout = connectTimeout;
    this.readTimeout = readTimeout;
  }

  HostPort address() {
    return address;
  }

  /** The whole metastore (bare protobuf), from a metastore backup request. */
  byte[] metastore() throws IOException {
    try (Socket s = open(RpcRequest.metastoreBackup().type(), RpcRequest.metastoreBackup().json())) {
      byte[] answer = s.getInputStream().readNBytes(MAX_METASTORE);
      return MetaCodec.unframe(answer, "the metastore backup from " + address);
    }
  }

  /** The relative paths ({@code db/rp/id}) of the shards of a database that this server holds. */
  List<String> shardPaths(String database) throws IOException {
    RpcRequest req = RpcRequest.databaseInfo(database);
    try (Socket s = open(req.type(), req.json())) {
      byte[] answer = s.getInputStream().readNBytes(MAX_METASTORE);
      if (answer.length == 0) {
        throw new FormatException("the server at " + address + " gave no shard list for database '" + database
            + "': it does not hold that database (see the influxd log)");
      }
      JsonNode paths = JSON.readTree(answer).path("Paths");
      List<String> out = new ArrayList<>();
      paths.forEach(p -> out.add(p.asText()));
      return out;
    }
  }

  /** Streams a shard's backup tar to {@code reader}. */
  <T> T shardBackup(String database, String retentionPolicy, long shardId, AnswerReader<T> reader)
      throws IOException {
    RpcRequest req = RpcRequest.shardBackup(database, retentionPolicy, shardId);
    try (Socket s = open(req.type(), req.json())) {
      return reader.read(new BufferedInputStream(s.getInputStream(), BUFFER));
    }
  }

  /**
   * Sends a metastore for the server to import one database from, under a new name when {@code target}
   * differs. The database must not exist on the server.
   *
   * @return the shard ids of the upload mapped to the ids the server gave them; empty when the server
   *     imported nothing, or a database without shards (it cannot tell which)
   */
  Map<Long, Long> updateMetastore(String source, String target, byte[] metastore) throws IOException {
    RpcRequest req = RpcRequest.metastoreUpdate(source, target, metastore.length);
    byte[] json = req.json();
    byte[] message = new byte[json.length + metastore.length];
    System.arraycopy(json, 0, message, 0, json.length);
    System.arraycopy(metastore, 0, message, json.length, metastore.length);
    try (Socket s = open(req.type(), message)) {
      byte[] answer = s.getInputStream().readNBytes(MAX_METASTORE);
      return idMap(answer, source, target);
    }
  }

  private Map<Long, Long> idMap(byte[] answer, String source, String target) throws FormatException {
    String what = "the metastore update of '" + source + "' as '" + target + "' on " + address;
    if (answer.length < 16 || ByteBuffer.wrap(answer, 0, 8).getLong() != MetaCodec.MAGIC) {
      throw new FormatException(what + " got no proper answer (" + answer.length + " bytes; see the influxd log)");
    }
    long pairs = ByteBuffer.wrap(answer, 8, 8).getLong();
    if (pairs < 0 || pairs * 16 != answer.length - 16) {
      throw new FormatException(what + " got a malformed answer: " + pairs + " id pairs announced in "
          + answer.length + " bytes");
    }
    Map<Long, Long> map = new LinkedHashMap<>();
    ByteBuffer b = ByteBuffer.wrap(answer, 16, answer.length - 16);
    for (long i = 0; i < pairs; i++) {
      map.put(b.getLong(), b.getLong());
    }
    return map;
  }

  /**
   * Uploads a shard's tar (entries named {@code db/rp/<newId>/...}) into the shard the metastore update
   * created, then waits until the server has loaded it and closed the connection.
   */
  void uploadShard(long newShardId, UploadWriter writer) throws IOException {
    byte[] head = ByteBuffer.allocate(8).putLong(newShardId).array();
    try (Socket s = open(RpcRequest.Type.SHARD_UPLOAD, head)) {
      OutputStream out = new BufferedOutputStream(s.getOutputStream(), BUFFER);
      writer.write(out);
      out.flush();
      s.shutdownOutput();
      InputStream in = s.getInputStream();
      while (in.read() >= 0) {
        // the server answers nothing; it closes once the shard is loaded
      }
    }
  }

  /** Connects and sends the mux header, the type byte and {@code body} in one write. */
  private Socket open(RpcRequest.Type type, byte[] body) throws IOException {
    Socket s = new Socket();
    try {
      s.connect(new InetSocketAddress(address.host(), address.port()), (int) connectTimeout.toMillis());
    } catch (IOException e) {
      s.close();
      throw new RpcUnreachableException(address.toString(), e);
    }
    try {
      s.setTcpNoDelay(true);
      s.setSoTimeout((int) readTimeout.toMillis());
      ByteArrayOutputStream message = new ByteArrayOutputStream(body.length + 2);
      message.write(MUX_HEADER);
      message.write(type.code);
      message.write(body);
      s.getOutputStream().write(message.toByteArray());
      return s;
    } catch (IOException | RuntimeException e) {
      s.close();
      throw e;
    }
  }
}
