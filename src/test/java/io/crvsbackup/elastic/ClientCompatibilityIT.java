package io.crvsbackup.elastic;

import static org.assertj.core.api.Assertions.assertThat;

import io.crvsbackup.config.Settings;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.apache.http.HttpHost;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.RequestOptions;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * How the 8.x Java client talks to 7.17: it sends {@code compatible-with=8} media types, which 7.17
 * accepts, answering plain JSON with the {@code X-Elastic-Product} header the client's product check
 * wants; 8.x echoes the media type. Every call of {@link ClientCluster} decodes on both.
 */
class ClientCompatibilityIT {
  private static final String COMPATIBLE = "application/vnd.elasticsearch+json; compatible-with=8";

  @ParameterizedTest
  @EnumSource(EsNode.class)
  void theServerAcceptsTheClientsCompatibilityHeaders(EsNode node) throws Exception {
    try (RestClient rest = RestClient.builder(HttpHost.create(node.url())).build()) {
      Request r = new Request("GET", "/_cluster/health");
      r.setOptions(RequestOptions.DEFAULT.toBuilder().addHeader("Accept", COMPATIBLE)
          .addHeader("Content-Type", COMPATIBLE));
      Response answer = rest.performRequest(r);

      assertThat(answer.getStatusLine().getStatusCode()).isEqualTo(200);
      assertThat(answer.getHeader("X-elastic-product")).isEqualTo("Elasticsearch");
      assertThat(answer.getHeader("Content-Type")).startsWith(node.major == 7 ? "application/json"
          : "application/vnd.elasticsearch+json;compatible-with=8");
    }
  }

  @ParameterizedTest
  @EnumSource(EsNode.class)
  void everyCallOfTheEngineDecodesOnThisVersion(EsNode node) throws Exception {
    try (EsFixture f = new EsFixture(node);
        ClientCluster c = Connection.of(new Settings.Elastic(Optional.of(URI.create(node.url())), List.of(),
            f.repository, Optional.empty(), Optional.empty())).open()) {
      String index = f.index("ocrvs");
      node.bulk(index, new OpencrvsData(f.id, 30).compositions(12, 0));
      String location = f.repositoryFolder().toString();

      assertThat(c.version()).startsWith(node.major + ".");
      assertThat(c.repository(f.repository)).isEmpty();
      c.createRepository(f.repository, location);
      assertThat(c.repository(f.repository)).contains(new Cluster.RepositoryInfo(f.repository, "fs", Optional.of(location)));
      c.verifyRepository(f.repository);
      assertThat(c.indices(List.of(f.id + "-*", f.id + "-missing"))).containsEntry(index, 1).hasSize(1);
      c.refresh(List.of(index));
      assertThat(c.count(index)).isEqualTo(12);
      assertThat(c.runningSnapshots()).isEmpty();
      c.startSnapshot(f.repository, "snap_a", List.of(index));
      assertThat(c.progress(f.repository, "snap_a")).isPresent();
      Cluster.SnapshotDetails d = waitDone(c, f.repository, "snap_a");
      assertThat(d.state()).isEqualTo("SUCCESS");
      assertThat(d.indices()).containsExactly(index);
      assertThat(d.major()).isEqualTo(node.major);
      assertThat(c.snapshot(f.repository, "snap_missing")).isEmpty();
      assertThat(c.snapshotNames(f.repository)).containsExactly("snap_a");
      c.deleteIndices(List.of(index));
      c.startRestore(f.repository, "snap_a", List.of(index), Optional.empty());
      while (c.primaries(List.of(index)).get(index) == null || !c.primaries(List.of(index)).get(index).ready()) {
        Thread.sleep(100);
      }
      assertThat(c.count(index)).isEqualTo(12);
      c.deleteSnapshot(f.repository, "snap_a");
      assertThat(c.snapshotNames(f.repository)).isEmpty();
      c.deleteRepository(f.repository);
      assertThat(c.repository(f.repository)).isEmpty();
    }
  }

  private static Cluster.SnapshotDetails waitDone(ClientCluster c, String repository, String name) throws Exception {
    for (int i = 0; i < 600; i++) {
      Cluster.SnapshotDetails d = c.snapshot(repository, name).orElseThrow();
      if (!SnapshotBackup.RUNNING.contains(d.state())) {
        return d;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("snapshot " + name + " did not finish");
  }
}
