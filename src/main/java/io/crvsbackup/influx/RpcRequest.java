package io.crvsbackup.influx;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

/**
 * A snapshotter request: the one-byte type and, for every type but a shard upload, the JSON object of
 * Go's {@code snapshotter.Request} followed by a newline. Every field is written, with Go's zero time
 * for the times, as influxd's own client does.
 */
record RpcRequest(
    Type type, String backupDatabase, String restoreDatabase, String backupRetentionPolicy, long shardId,
    long uploadSize) {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ZERO_TIME = "0001-01-01T00:00:00Z";

  /** Request types: the byte after the connection's mux header. */
  enum Type {
    SHARD_BACKUP(0),
    METASTORE_BACKUP(1),
    SERIES_FILE_BACKUP(2),
    DATABASE_INFO(3),
    RETENTION_POLICY_INFO(4),
    SHARD_EXPORT(5),
    METASTORE_UPDATE(6),
    SHARD_UPLOAD(7);

    final int code;

    Type(int code) {
      this.code = code;
    }
  }

  static RpcRequest metastoreBackup() {
    return new RpcRequest(Type.METASTORE_BACKUP, "", "", "", 0, 0);
  }

  static RpcRequest databaseInfo(String database) {
    return new RpcRequest(Type.DATABASE_INFO, database, "", "", 0, 0);
  }

  static RpcRequest shardBackup(String database, String retentionPolicy, long shardId) {
    return new RpcRequest(Type.SHARD_BACKUP, database, "", retentionPolicy, shardId, 0);
  }

  static RpcRequest metastoreUpdate(String source, String target, long size) {
    return new RpcRequest(Type.METASTORE_UPDATE, source, target, "", 0, size);
  }

  /** The JSON line that follows the type byte. */
  byte[] json() {
    ObjectNode n = JSON.createObjectNode();
    n.put("Type", type.code);
    n.put("BackupDatabase", backupDatabase);
    n.put("RestoreDatabase", restoreDatabase);
    n.put("BackupRetentionPolicy", backupRetentionPolicy);
    n.put("RestoreRetentionPolicy", "");
    n.put("ShardID", shardId);
    n.put("Since", ZERO_TIME);
    n.put("ExportStart", ZERO_TIME);
    n.put("ExportEnd", ZERO_TIME);
    n.put("UploadSize", uploadSize);
    try {
      return (JSON.writeValueAsString(n) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode a snapshotter request", e);
    }
  }
}
