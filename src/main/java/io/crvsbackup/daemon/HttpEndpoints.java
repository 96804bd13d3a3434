package io.crvsbackup.daemon;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The HTTP side of {@code serve}, on the JDK's server: {@code /health} (200 or 503, with a JSON reason),
 * {@code /metrics} (Prometheus text) and {@code /status} (JSON). Read-only: nothing here starts or stops
 * anything. One small thread answers; a report is cheap (no disk scan beyond the journal's existence).
 */
final class HttpEndpoints implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor;

  private HttpEndpoints(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  static HttpEndpoints start(InetSocketAddress address, Supplier<Report> reports) throws IOException {
    HttpServer server = HttpServer.create(address, 16);
    ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "crvs-backup-http");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/health", ex -> answer(ex, reports, r -> new Body(r.health().healthy() ? 200 : 503,
        "application/json", StatusJson.health(r))));
    server.createContext("/metrics", ex -> answer(ex, reports, r -> new Body(200, Metrics.CONTENT_TYPE,
        Metrics.render(r))));
    server.createContext("/status", ex -> answer(ex, reports, r -> new Body(200, "application/json",
        StatusJson.status(r))));
    server.createContext("/", ex -> send(ex, new Body(404, "text/plain; charset=utf-8",
        "not found; try /health, /metrics or /status\n")));
    server.start();
    return new HttpEndpoints(server, executor);
  }

  int port() {
    return server.getAddress().getPort();
  }

  private record Body(int status, String type, String text) {}

  private static void answer(HttpExchange ex, Supplier<Report> reports, Function<Report, Body> body) throws IOException {
    if (!ex.getRequestURI().getPath().equals(ex.getHttpContext().getPath())) {
      send(ex, new Body(404, "text/plain; charset=utf-8", "not found\n"));
      return;
    }
    if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
      ex.getResponseHeaders().add("Allow", "GET, HEAD");
      send(ex, new Body(405, "text/plain; charset=utf-8", "only GET and HEAD\n"));
      return;
    }
    Body b;
    try {
      b = body.apply(reports.get());
    } catch (RuntimeException e) {
      b = new Body(500, "application/json", "{\"status\":\"unhealthy\",\"reasons\":[\"internal error: "
          + e.getClass().getSimpleName() + "\"]}\n");
    }
    send(ex, b);
  }

  private static void send(HttpExchange ex, Body b) throws IOException {
    byte[] bytes = b.text().getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", b.type());
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    boolean head = ex.getRequestMethod().equals("HEAD");
    ex.sendResponseHeaders(b.status(), head ? -1 : bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      if (!head) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(1);
    executor.shutdownNow();
  }
}
