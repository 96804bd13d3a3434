package io.crvsbackup.influx;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * InfluxDB 1.x's HTTP API as far as crvs-backup needs it: {@code /ping} for the version, {@code /query}
 * for InfluxQL (form-encoded, so names never travel in the URL path). 1.6 has no {@code /health}. A user
 * and password in the URL become basic authentication.
 */
final class InfluxHttp {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final URI base;
  private final Optional<String> authorization;
  private final HttpClient client;
  private final Duration timeout;

  InfluxHttp(URI url, Duration timeout) {
    String s = url.toString();
    this.base = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
    this.authorization = Optional.ofNullable(url.getRawUserInfo()).map(u -> "Basic " + Base64.getEncoder()
        .encodeToString(decodeUserInfo(u).getBytes(StandardCharsets.UTF_8)));
    this.timeout = timeout;
    this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  /** The URL without credentials, for messages. */
  String where() {
    return base.getScheme() + "://" + base.getHost() + (base.getPort() < 0 ? "" : ":" + base.getPort());
  }

  /** The server's version from {@code /ping} ({@code X-Influxdb-Version}). */
  String version() throws IOException {
    HttpResponse<String> r = send(request("/ping").GET().build(), HttpResponse.BodyHandlers.ofString(), "ping");
    if (r.statusCode() != 204 && r.statusCode() != 200) {
      throw new IOException("InfluxDB at " + where() + " answered /ping with HTTP " + r.statusCode());
    }
    return r.headers().firstValue("X-Influxdb-Version").orElse("unknown");
  }

  List<String> databases() throws IOException {
    List<String> out = new ArrayList<>();
    JsonNode r = query(null, "SHOW DATABASES");
    for (JsonNode series : r.path("series")) {
      series.path("values").forEach(v -> out.add(v.path(0).asText()));
    }
    return out;
  }

  void dropDatabase(String db) throws IOException {
    query(null, InfluxQl.dropDatabase(db));
  }

  /**
   * Runs one statement.
   *
   * @return its result object ({@code series}, ...)
   * @throws IOException naming the statement when the server reports an error
   */
  JsonNode query(String db, String statement) throws IOException {
    HttpResponse<InputStream> r = send(post(db, statement, false), HttpResponse.BodyHandlers.ofInputStream(),
        statement);
    try (InputStream in = r.body()) {
      return result(r.statusCode(), JSON.readTree(in), statement);
    }
  }

  /** Runs one statement with chunked results, handing each chunk's result object to {@code chunk}. */
  void queryChunked(String db, String statement, Consumer<JsonNode> chunk) throws IOException {
    HttpResponse<InputStream> r = send(post(db, statement, true), HttpResponse.BodyHandlers.ofInputStream(),
        statement);
    try (InputStream in = r.body();
        JsonParser p = JSON.getFactory().createParser(in);
        MappingIterator<JsonNode> it = JSON.readerFor(JsonNode.class).readValues(p)) {
      while (it.hasNextValue()) {
        chunk.accept(result(r.statusCode(), it.nextValue(), statement));
      }
    }
  }

  /** The statement's result object; an error the server reports (for the request or the statement) fails. */
  private JsonNode result(int status, JsonNode root, String statement) throws IOException {
    if (status / 100 != 2 || root.has("error")) {
      throw new IOException("InfluxDB at " + where() + " refused '" + statement + "' (HTTP " + status + "): "
          + root.path("error").asText(root.toString()));
    }
    JsonNode result = root.path("results").path(0);
    if (result.has("error")) {
      throw new IOException("InfluxDB at " + where() + " refused '" + statement + "': "
          + result.path("error").asText());
    }
    return result;
  }

  private HttpRequest post(String db, String statement, boolean chunked) {
    StringBuilder form = new StringBuilder("q=").append(URLEncoder.encode(statement, StandardCharsets.UTF_8));
    if (db != null) {
      form.append("&db=").append(URLEncoder.encode(db, StandardCharsets.UTF_8));
    }
    if (chunked) {
      form.append("&chunked=true&chunk_size=10000");
    }
    return request("/query")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form.toString()))
        .build();
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout);
    authorization.ifPresent(a -> b.header("Authorization", a));
    return b;
  }

  private <T> HttpResponse<T> send(HttpRequest req, HttpResponse.BodyHandler<T> handler, String what)
      throws IOException {
    try {
      return client.send(req, handler);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while asking InfluxDB at " + where() + " for '" + what + "'", e);
    } catch (IOException e) {
      throw new IOException("cannot reach InfluxDB's HTTP API at " + where() + " for '" + what + "': "
          + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
    }
  }

  /** Percent-decoding of a URL's user info ({@code +} stays a plus). */
  private static String decodeUserInfo(String s) {
    return java.net.URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
