package io.crvsbackup.elastic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crvsbackup.env.TestEnv;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One Elasticsearch node of scripts/test-env, driven over plain HTTP (independent of the client under
 * test) to set up data and to look at the result.
 */
enum EsNode {
  ES7("ELASTICSEARCH7_URL", 7),
  ES8("ELASTICSEARCH_URL", 8);

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  static final ObjectMapper JSON = new ObjectMapper();
  private final String variable;
  final int major;

  EsNode(String variable, int major) {
    this.variable = variable;
    this.major = major;
  }

  String url() {
    return TestEnv.require(variable);
  }

  /** A status and a parsed body. */
  record Answer(int status, JsonNode body) {}

  Answer send(String method, String path, String json) {
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(60))
          .header("Content-Type", path.contains("_bulk") ? "application/x-ndjson" : "application/json");
      b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
      HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode body = r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body());
      return new Answer(r.statusCode(), body);
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + " on " + this + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  JsonNode ok(String method, String path, String json) {
    Answer a = send(method, path, json);
    assertThat(a.status()).as("%s %s on %s: %s", method, path, this, a.body()).isBetween(200, 299);
    return a.body();
  }

  void createIndex(String index, String body) {
    ok("PUT", "/" + index, body);
  }

  /** Indexes documents by id and refreshes. */
  void bulk(String index, Map<String, JsonNode> docs) {
    StringBuilder sb = new StringBuilder();
    int n = 0;
    for (Map.Entry<String, JsonNode> e : docs.entrySet()) {
      sb.append("{\"index\":{\"_index\":\"").append(index).append("\",\"_id\":\"").append(e.getKey()).append("\"}}\n")
          .append(e.getValue()).append('\n');
      if (++n % 500 == 0) {
        flush(sb);
      }
    }
    flush(sb);
    ok("POST", "/" + index + "/_refresh", null);
  }

  private void flush(StringBuilder sb) {
    if (sb.length() > 0) {
      JsonNode r = ok("POST", "/_bulk", sb.toString());
      assertThat(r.path("errors").asBoolean()).as("bulk errors: %s", r).isFalse();
      sb.setLength(0);
    }
  }

  /** Every document of an index, by id; none when the index does not exist. */
  Map<String, JsonNode> documents(String index) {
    if (!exists(index)) {
      return Map.of();
    }
    ok("POST", "/" + index + "/_refresh", null);
    JsonNode r = ok("GET", "/" + index + "/_search?size=10000&track_total_hits=true", null);
    assertThat(r.path("hits").path("total").path("value").asLong()).isLessThan(10000);
    Map<String, JsonNode> out = new TreeMap<>();
    r.path("hits").path("hits").forEach(h -> out.put(h.path("_id").asText(), h.path("_source")));
    return out;
  }

  long count(String index) {
    return ok("GET", "/" + index + "/_count", null).path("count").asLong();
  }

  boolean exists(String index) {
    return send("HEAD", "/" + index, null).status() == 200;
  }

  void deleteIndices(List<String> indices) {
    for (String i : indices) {
      send("DELETE", "/" + i + "?ignore_unavailable=true", null);
    }
  }

  /** Unregisters a repository (its files stay); missing is fine. */
  void unregister(String repository) {
    send("DELETE", "/_snapshot/" + repository, null);
  }

  boolean registered(String repository) {
    return send("GET", "/_snapshot/" + repository, null).status() == 200;
  }

  /** The snapshot names the server lists in a repository. */
  List<String> snapshots(String repository) {
    JsonNode r = ok("GET", "/_snapshot/" + repository + "/_all", null);
    return r.path("snapshots").findValuesAsText("snapshot").stream().sorted().toList();
  }

  @Override
  public String toString() {
    return "Elasticsearch " + major;
  }
}
