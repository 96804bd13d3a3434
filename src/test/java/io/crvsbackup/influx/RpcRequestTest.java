package io.crvsbackup.influx;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RpcRequestTest {
  @Test
  void encodesEveryFieldAsGosSnapshotterRequest() {
    assertThat(new String(RpcRequest.shardBackup("ocrvs", "autogen", 12).json(), StandardCharsets.UTF_8))
        .isEqualTo("{\"Type\":0,\"BackupDatabase\":\"ocrvs\",\"RestoreDatabase\":\"\",\"BackupRetentionPolicy\":"
            + "\"autogen\",\"RestoreRetentionPolicy\":\"\",\"ShardID\":12,\"Since\":\"0001-01-01T00:00:00Z\","
            + "\"ExportStart\":\"0001-01-01T00:00:00Z\",\"ExportEnd\":\"0001-01-01T00:00:00Z\",\"UploadSize\":0}\n");
  }

  @Test
  void quotesNamesAsJson() {
    String json = new String(RpcRequest.metastoreUpdate("a\"b", "c\\d\n", 42).json(), StandardCharsets.UTF_8);
    assertThat(json).startsWith("{\"Type\":6,\"BackupDatabase\":\"a\\\"b\",\"RestoreDatabase\":\"c\\\\d\\n\"")
        .endsWith("\"UploadSize\":42}\n");
  }

  @Test
  void typesHaveTheirWireCodes() {
    assertThat(RpcRequest.Type.SHARD_BACKUP.code).isZero();
    assertThat(RpcRequest.Type.METASTORE_BACKUP.code).isEqualTo(1);
    assertThat(RpcRequest.Type.DATABASE_INFO.code).isEqualTo(3);
    assertThat(RpcRequest.Type.METASTORE_UPDATE.code).isEqualTo(6);
    assertThat(RpcRequest.Type.SHARD_UPLOAD.code).isEqualTo(7);
  }
}
