package io.crvsbackup.elastic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.crvsbackup.config.Secret;
import io.crvsbackup.config.Settings;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Where and how the engine connects. The test nodes have no security module, so basic auth is checked
 * here against a local stand-in that records what the client sends (and in ElasticBadInputIT through a
 * proxy in front of the real nodes).
 */
class ConnectionTest {
  private HttpServer server;
  private final List<String> authorizations = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  private static Settings.Elastic settings(String url, String user, String password) {
    return new Settings.Elastic(url == null ? Optional.empty() : Optional.of(URI.create(url)), List.of(), "ocrvs",
        Optional.ofNullable(user), Optional.ofNullable(password).map(Secret::of));
  }

  @Test
  void defaultsToTheStacksServiceName() {
    assertThat(Connection.of(settings(null, null, null)).address()).isEqualTo("http://elasticsearch:9200");
  }

  @Test
  void takesCredentialsFromTheUrlButNeverShowsThem() {
    Connection c = Connection.of(settings("http://elastic:p%40ss@es:9200", null, null));

    assertThat(c.user()).contains("elastic");
    assertThat(c.password().orElseThrow().reveal()).isEqualTo("p@ss");
    assertThat(c.address()).isEqualTo("http://es:9200");
    assertThat(c.toString()).isEqualTo("http://es:9200 as elastic").doesNotContain("p@ss");
    assertThat(Connection.of(settings("http://u:x@es:9200", "admin", "pw")).user()).contains("admin");
  }

  @Test
  void sendsBasicAuthOnTheFirstRequest() throws Exception {
    start(true, 200, "{\"snapshots\":[]}");
    Connection c = Connection.of(settings(url(), "elastic", "s3cret"));

    try (ClientCluster cluster = c.open()) {
      assertThat(cluster.runningSnapshots()).isEmpty();
    }

    assertThat(authorizations).containsExactly("Basic ZWxhc3RpYzpzM2NyZXQ=");
    assertThat(c.authorization()).contains("Basic ZWxhc3RpYzpzM2NyZXQ=");
  }

  @Test
  void aServerThatIsNotElasticsearchIsToldApart() throws Exception {
    start(false, 200, "{\"snapshots\":[]}");

    try (ClientCluster cluster = Connection.of(settings(url(), null, null)).open()) {
      assertThatThrownBy(cluster::runningSnapshots).isInstanceOfSatisfying(ClusterException.class,
          e -> assertThat(e.type()).isEqualTo(ClusterException.NOT_ELASTICSEARCH));
    }
  }

  @Test
  void aRefusalOfTheCredentialsIsAnAuthErrorEvenWithoutTheProductHeader() throws Exception {
    start(false, 401, "{\"error\":{\"type\":\"security_exception\",\"reason\":\"unable to authenticate user [elastic]\"},"
        + "\"status\":401}");

    try (ClientCluster cluster = Connection.of(settings(url(), "elastic", "wrong")).open()) {
      assertThatThrownBy(cluster::runningSnapshots).isInstanceOfSatisfying(ClusterException.class, e -> {
        assertThat(e.status()).isEqualTo(401);
        assertThat(new Diagnosis(url(), Optional.of("elastic"), "/x").explain(e))
            .startsWith("the server refused the credentials of user 'elastic'");
      });
      assertThatThrownBy(cluster::version).isInstanceOfSatisfying(ClusterException.class,
          e -> assertThat(e.status()).isEqualTo(401));
    }
  }

  @Test
  void anErrorAnswerKeepsTheServersTypeAndEveryReason() throws Exception {
    start(true, 500, "{\"error\":{\"root_cause\":[{\"type\":\"exception\",\"reason\":\"failed to create blob container\"}],"
        + "\"type\":\"repository_verification_exception\",\"reason\":\"[ocrvs] path  is not accessible on master node\","
        + "\"caused_by\":{\"type\":\"file_system_exception\",\"reason\":\"/x/tests-1: Operation not permitted\"}},"
        + "\"status\":500}");

    try (ClientCluster cluster = Connection.of(settings(url(), null, null)).open()) {
      assertThatThrownBy(() -> cluster.verifyRepository("ocrvs")).isInstanceOfSatisfying(ClusterException.class, e -> {
        assertThat(e.status()).isEqualTo(500);
        assertThat(e.type()).isEqualTo("repository_verification_exception");
        assertThat(e.reasons()).containsExactly(
            "repository_verification_exception: [ocrvs] path  is not accessible on master node",
            "file_system_exception: /x/tests-1: Operation not permitted",
            "exception: failed to create blob container");
        assertThat(Diagnosis.notWritable(e)).isTrue();
      });
    }
  }

  private void start(boolean product, int status, String body) throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", ex -> {
      authorizations.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
      byte[] b = body.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "application/json");
      if (product) {
        ex.getResponseHeaders().add("X-elastic-product", "Elasticsearch");
      }
      ex.sendResponseHeaders(status, b.length);
      ex.getResponseBody().write(b);
      ex.close();
    });
    server.start();
  }

  private String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }
}
