package io.crvsbackup.swarm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.github.dockerjava.transport.DockerHttpClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * The Docker Engine API as JSON, over docker-java's transport. Services are read and written as raw
 * JSON on purpose: docker-java's model lacks fields such as {@code CapabilityAdd}, {@code Sysctls},
 * {@code Ulimits} and {@code Isolation}, and a spec round-tripped through it would silently lose them,
 * which changes the service and restarts its tasks.
 */
final class DockerApi implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  private final DockerHttpClient http;
  private final String endpoint;

  DockerApi(DockerHttpClient http, String endpoint) {
    this.http = http;
    this.endpoint = endpoint;
  }

  String endpoint() {
    return endpoint;
  }

  /** GET; a 404 is an empty optional. {@code what} names the operation in errors. */
  Optional<JsonNode> find(String path, String what) throws SwarmException {
    Reply r = call(DockerHttpClient.Request.Method.GET, path, null, what);
    if (r.status() == 404) {
      return Optional.empty();
    }
    return Optional.of(r.ok(what));
  }

  JsonNode get(String path, String what) throws SwarmException {
    return call(DockerHttpClient.Request.Method.GET, path, null, what).ok(what);
  }

  /** POST with a JSON body; returns the reply whatever its status, for callers that retry. */
  Reply post(String path, JsonNode body, String what) throws SwarmException {
    return call(DockerHttpClient.Request.Method.POST, path, body, what);
  }

  /** {@code filters} as the API wants it: a JSON object of string arrays, URL-encoded. */
  static String filters(Map<String, ? extends Iterable<String>> filters) {
    var node = JSON.createObjectNode();
    filters.forEach((k, values) -> {
      var array = node.putArray(k);
      values.forEach(array::add);
    });
    return "filters=" + URLEncoder.encode(node.toString(), StandardCharsets.UTF_8);
  }

  Reply call(DockerHttpClient.Request.Method method, String path, JsonNode body, String what)
      throws SwarmException {
    var request = DockerHttpClient.Request.builder().method(method).path(path);
    if (body != null) {
      request.putHeader("Content-Type", "application/json").bodyBytes(body.toString().getBytes(StandardCharsets.UTF_8));
    }
    try (DockerHttpClient.Response response = http.execute(request.build());
        InputStream in = response.getBody()) {
      byte[] bytes = in == null ? new byte[0] : in.readAllBytes();
      JsonNode json = bytes.length == 0 ? MissingNode.getInstance() : parse(bytes);
      return new Reply(response.getStatusCode(), json);
    } catch (IOException | UncheckedIOException e) {
      throw unreachable(what, e);
    } catch (RuntimeException e) {
      // the transports wrap socket failures in runtime exceptions of their own
      throw unreachable(what, e);
    }
  }

  private SwarmException unreachable(String what, Exception e) {
    return new SwarmException(
        what + ": cannot talk to the Docker API at " + endpoint + ": " + rootMessage(e), e);
  }

  private static JsonNode parse(byte[] bytes) {
    try {
      return JSON.readTree(bytes);
    } catch (IOException e) {
      // not JSON (a proxy's error page, plain text): keep it as text for the message
      return JSON.getNodeFactory().objectNode().put("message", new String(bytes, StandardCharsets.UTF_8).trim());
    }
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.toString() : t.getMessage();
  }

  @Override
  public void close() {
    try {
      http.close();
    } catch (IOException e) {
      // nothing to keep from closing an idle HTTP client
    }
  }

  /** A reply: its status and body ({@code MissingNode} when empty). */
  record Reply(int status, JsonNode json) {
    boolean success() {
      return status >= 200 && status < 300;
    }

    String message() {
      String m = json.path("message").asText("");
      return m.isEmpty() ? "HTTP " + status : m + " (HTTP " + status + ")";
    }

    JsonNode ok(String what) throws SwarmException {
      if (!success()) {
        throw new SwarmException(what + ": the Docker API answered: " + message());
      }
      return json;
    }
  }
}
