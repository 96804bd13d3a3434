package io.crvsbackup.env;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Both Elasticsearch nodes of scripts/test-env are real, of the right major version, and see BACKUP_DIR. */
class ElasticsearchIT {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest
  @CsvSource({"ELASTICSEARCH_URL, 8.", "ELASTICSEARCH7_URL, 7.17."})
  void clusterIsHealthyAndHasTheExpectedVersion(String variable, String versionPrefix) throws Exception {
    String url = TestEnv.require(variable);
    JsonNode health = get(url + "/_cluster/health");
    assertThat(health.path("status").asText()).isIn("green", "yellow");
    JsonNode nodes = get(url + "/_nodes/_local");
    JsonNode node = nodes.path("nodes").elements().next();
    assertThat(node.path("version").asText()).startsWith(versionPrefix);
    String backupDir = Path.of(TestEnv.require("BACKUP_DIR")).toRealPath().toString();
    JsonNode settings = get(url + "/_nodes/_local/settings");
    JsonNode repo = settings.path("nodes").elements().next().path("settings").path("path").path("repo");
    String repoPaths = repo.toString();
    assertThat(repoPaths)
        .as("path.repo of %s must contain BACKUP_DIR/elasticsearch", variable)
        .satisfiesAnyOf(
            r -> assertThat(r).contains(backupDir + "\""),
            r -> assertThat(r).contains(backupDir + "/elasticsearch"));
  }

  private static JsonNode get(String url) throws Exception {
    HttpResponse<String> r = HTTP.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("GET %s: %s", url, r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }
}
