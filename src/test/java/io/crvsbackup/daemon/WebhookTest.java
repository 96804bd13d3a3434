package io.crvsbackup.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.crvsbackup.config.Secret;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The webhook gets the documented payload; a failing or hanging webhook is logged and never fails anything. */
class WebhookTest {
  private static final Instant T = Instant.parse("2026-11-26T00:00:05Z");
  private final StringWriter logged = new StringWriter();
  private final Log log = new Log(new PrintWriter(logged), Clock.systemUTC(), false);
  private final List<String> received = new CopyOnWriteArrayList<>();
  private HttpServer server;

  private String receiver(int status, Duration delay) throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/hook/secret-token", ex -> {
      received.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      try {
        Thread.sleep(delay.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      ex.sendResponseHeaders(status, -1);
      ex.close();
    });
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook/secret-token";
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void aFailureIsPostedWithTheDocumentedFields() throws Exception {
    String url = receiver(204, Duration.ZERO);

    boolean sent = new Webhook(Optional.of(Secret.of(url)), false, log).notify(Runs.failed("2026-11-26", T), "manager-1", "1.0");

    assertThat(sent).isTrue();
    assertThat(received).hasSize(1);
    JsonNode p = Runs.JSON.readTree(received.get(0));
    assertThat(p.path("event").asText()).isEqualTo("backup.failed");
    assertThat(p.path("service").asText()).isEqualTo("crvs-backup");
    assertThat(p.path("version").asText()).isEqualTo("1.0");
    assertThat(p.path("host").asText()).isEqualTo("manager-1");
    assertThat(p.path("label").asText()).isEqualTo("2026-11-26");
    assertThat(p.path("status").asText()).isEqualTo("incomplete");
    assertThat(p.path("started").asText()).isEqualTo("2026-11-26T00:00:05Z");
    assertThat(p.path("finished").asText()).isEqualTo("2026-11-26T00:01:05Z");
    assertThat(p.path("durationSeconds").asDouble()).isEqualTo(60.0);
    assertThat(p.path("sizeBytes").asLong()).isEqualTo(1230);
    assertThat(p.path("engines").path("elasticsearch").path("ok").asBoolean()).isFalse();
    assertThat(p.path("engines").path("elasticsearch").path("error").asText()).isEqualTo("elasticsearch is down");
    assertThat(p.path("engines").path("mongo").path("ok").asBoolean()).isTrue();
    assertThat(p.path("failures").get(0).asText()).isEqualTo("elasticsearch: elasticsearch is down");
    assertThat(p.path("text").asText()).isEqualTo(
        "crvs-backup on manager-1: backup 2026-11-26 FAILED: elasticsearch: elasticsearch is down");
    assertThat(logged.toString()).doesNotContain("secret-token");
  }

  @Test
  void successIsPostedOnlyWhenAskedFor() throws Exception {
    String url = receiver(200, Duration.ZERO);

    assertThat(new Webhook(Optional.of(Secret.of(url)), false, log).notify(Runs.ok("2026-11-26", T), "h", "1")).isFalse();
    assertThat(received).isEmpty();
    assertThat(new Webhook(Optional.of(Secret.of(url)), true, log).notify(Runs.ok("2026-11-26", T), "h", "1")).isTrue();
    assertThat(Runs.JSON.readTree(received.get(0)).path("event").asText()).isEqualTo("backup.succeeded");
  }

  @Test
  void anErrorAnswerIsLoggedWithTheMarkerAndWithoutTheToken() throws Exception {
    String url = receiver(500, Duration.ZERO);

    boolean sent = new Webhook(Optional.of(Secret.of(url)), false, log).notify(Runs.failed("2026-11-26", T), "h", "1");

    assertThat(sent).isFalse();
    assertThat(logged.toString()).startsWith("ERROR ").contains("answered HTTP 500").contains("backup itself is unaffected")
        .doesNotContain("secret-token");
  }

  @Test
  void anUnreachableWebhookIsLoggedNotThrown() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }

    boolean sent = new Webhook(Optional.of(Secret.of("http://127.0.0.1:" + port + "/x")), false, log, Duration.ofSeconds(2))
        .notify(Runs.failed("2026-11-26", T), "h", "1");

    assertThat(sent).isFalse();
    assertThat(logged.toString()).startsWith("ERROR ").contains("could not be reached");
  }

  @Test
  void aHangingWebhookIsGivenUpWithinTheTimeout() throws Exception {
    String url = receiver(200, Duration.ofSeconds(10));
    long start = System.nanoTime();

    boolean sent = new Webhook(Optional.of(Secret.of(url)), false, log, Duration.ofMillis(500))
        .notify(Runs.failed("2026-11-26", T), "h", "1");

    assertThat(sent).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(logged.toString()).startsWith("ERROR ").contains("not delivered");
  }

  @Test
  void noUrlSendsNothing() {
    assertThat(new Webhook(Optional.empty(), true, log).notify(Runs.failed("2026-11-26", T), "h", "1")).isFalse();
    assertThat(logged.toString()).isEmpty();
  }
}
