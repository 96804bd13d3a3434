package io.crvsbackup.elastic;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * Basic auth in front of a test node, which has no security module (x-pack is not on Maven Central): on
 * 127.0.0.1 it asks for one user and password as Elasticsearch's security does (401 with a
 * {@code security_exception} body, {@code WWW-Authenticate} and {@code X-elastic-product}), and forwards
 * every request it lets through to the real node. It records each request's method, path and headers, so
 * tests see what the client really sent.
 */
final class AuthProxy implements AutoCloseable {
  private static final Set<String> HOP = Set.of("connection", "content-length", "host", "transfer-encoding",
      "upgrade", "keep-alive", "expect");
  private final HttpServer server;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String target;
  private final String expected;
  final List<String> requests = new CopyOnWriteArrayList<>();
  final List<String> authorizations = new CopyOnWriteArrayList<>();
  final List<String> accepts = new CopyOnWriteArrayList<>();

  AuthProxy(String target, String user, String password) throws IOException {
    this.target = target;
    this.expected = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext("/", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      requests.add(ex.getRequestMethod() + " " + ex.getRequestURI());
      authorizations.add(String.valueOf(auth));
      accepts.add(String.valueOf(ex.getRequestHeaders().getFirst("Accept")));
      if (!expected.equals(auth)) {
        byte[] body = ("{\"error\":{\"root_cause\":[{\"type\":\"security_exception\",\"reason\":\"unable to"
            + " authenticate user for REST request [" + ex.getRequestURI().getPath() + "]\"}],\"type\":\"security_exception\","
            + "\"reason\":\"unable to authenticate user for REST request [" + ex.getRequestURI().getPath() + "]\"},"
            + "\"status\":401}").getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"security\" charset=\"UTF-8\"");
        ex.getResponseHeaders().add("X-elastic-product", "Elasticsearch");
        ex.getResponseHeaders().add("Content-Type", "application/json; charset=UTF-8");
        ex.sendResponseHeaders(401, body.length);
        ex.getResponseBody().write(body);
        return;
      }
      forward(ex);
    }
  }

  private void forward(HttpExchange ex) throws IOException {
    byte[] in;
    try (InputStream is = ex.getRequestBody()) {
      in = is.readAllBytes();
    }
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(target + ex.getRequestURI()))
        .timeout(Duration.ofSeconds(60))
        .method(ex.getRequestMethod(), in.length == 0 ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(in));
    ex.getRequestHeaders().forEach((k, vs) -> {
      if (!HOP.contains(k.toLowerCase()) && !k.equalsIgnoreCase("authorization")) {
        vs.forEach(v -> b.header(k, v));
      }
    });
    HttpResponse<byte[]> r;
    try {
      r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    r.headers().map().forEach((k, vs) -> {
      if (!HOP.contains(k.toLowerCase()) && !k.startsWith(":")) {
        vs.forEach(v -> ex.getResponseHeaders().add(k, v));
      }
    });
    boolean head = "HEAD".equals(ex.getRequestMethod());
    ex.sendResponseHeaders(r.statusCode(), head || r.body().length == 0 ? -1 : r.body().length);
    if (!head && r.body().length > 0) {
      try (OutputStream os = ex.getResponseBody()) {
        os.write(r.body());
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
