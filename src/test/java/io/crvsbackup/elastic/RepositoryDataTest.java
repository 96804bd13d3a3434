package io.crvsbackup.elastic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepositoryDataTest {
  @TempDir Path dir;

  /** The root index an 8.17 node wrote for one snapshot (seen on the test node). */
  static final String INDEX_0 = "{\"min_version\":\"7.12.0\",\"uuid\":\"BqsxXad6ThqrwUQb172ASQ\","
      + "\"cluster_id\":\"vP4F55xbRwKU9_L0sPRbCA\",\"snapshots\":[{\"name\":\"s8\",\"uuid\":\"bOJgnlLXT260u5KNUwcPLA\","
      + "\"state\":1,\"index_metadata_lookup\":{\"AYPKtkmYTOKERkJgf6hkrw\":\"JGaGtJlFSDW468gWxuPYvw-_na_-1-2-1\"},"
      + "\"version\":\"8.11.0\",\"index_version\":8521000,\"start_time_millis\":1795663399766,"
      + "\"end_time_millis\":1795663399966,\"slm_policy\":\"\"}],\"indices\":{\"nvidx\":{\"id\":\"AYPKtkmYTOKERkJgf6hkrw\","
      + "\"snapshots\":[\"bOJgnlLXT260u5KNUwcPLA\"],\"shard_generations\":[\"PfjvyErMRsuWNijXTfsiSg\"]}},"
      + "\"index_metadata_identifiers\":{\"JGaGtJlFSDW468gWxuPYvw-_na_-1-2-1\":\"86LhFaIBTKOaYXT3DHSS\"}}";

  @Test
  void readsTheIndexThatIndexLatestNames() throws Exception {
    Files.writeString(dir.resolve("index-3"), "{\"snapshots\":[]}");
    Files.writeString(dir.resolve("index-4"), INDEX_0);
    Files.write(dir.resolve("index.latest"), ByteBuffer.allocate(8).putLong(4).array());

    RepositoryData d = RepositoryData.read(dir).orElseThrow();

    assertThat(d.file()).isEqualTo(dir.resolve("index-4"));
    assertThat(d.minVersion()).contains("7.12.0");
    assertThat(d.minMajor()).isEqualTo(7);
    assertThat(d.snapshots().get("s8").uuid()).isEqualTo("bOJgnlLXT260u5KNUwcPLA");
    assertThat(d.snapshots().get("s8").state()).isEqualTo(1);
    assertThat(d.indicesOf("bOJgnlLXT260u5KNUwcPLA")).containsOnlyKeys("nvidx");
    assertThat(d.metadataBlobs()).containsEntry("JGaGtJlFSDW468gWxuPYvw-_na_-1-2-1", "86LhFaIBTKOaYXT3DHSS");
  }

  @Test
  void withoutIndexLatestTheHighestGenerationCounts() throws Exception {
    Files.writeString(dir.resolve("index-2"), "{\"snapshots\":[]}");
    Files.writeString(dir.resolve("index-10"), INDEX_0);

    assertThat(RepositoryData.read(dir).orElseThrow().file()).isEqualTo(dir.resolve("index-10"));
  }

  @Test
  void anEmptyOrMissingFolderHoldsNoRepository() throws Exception {
    assertThat(RepositoryData.read(dir)).isEmpty();
    assertThat(RepositoryData.read(dir.resolve("nope"))).isEmpty();
  }

  @Test
  void anIndexThatDoesNotParseIsNamed() throws Exception {
    Files.writeString(dir.resolve("index-0"), "{\"snapshots\":[");

    assertThatThrownBy(() -> RepositoryData.read(dir)).hasMessageStartingWith(dir.resolve("index-0")
        + " is not a readable repository index");
    Files.writeString(dir.resolve("index-0"), "{\"other\":1}");
    assertThatThrownBy(() -> RepositoryData.read(dir)).hasMessageContaining("it has no 'snapshots' list");
  }

  @Test
  void majorVersionsComeFromTheLeadingNumber() {
    assertThat(RepositoryData.major("8.17.1")).isEqualTo(8);
    assertThat(RepositoryData.major("7.17.27-8.0.0")).isEqualTo(7);
    assertThat(RepositoryData.major("garbage")).isZero();
  }
}
