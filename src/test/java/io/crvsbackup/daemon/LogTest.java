package io.crvsbackup.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.crvsbackup.config.Variables;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Log lines: text with a stable marker at the start, or one JSON object a line; secrets never shown. */
class LogTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T00:00:00Z"), ZoneOffset.UTC);

  @Test
  void textLinesStartWithTheirLevel() {
    StringWriter w = new StringWriter();
    Log log = new Log(new PrintWriter(w), CLOCK, false);

    log.info("scheduler", "next backup at x");
    log.error("backup", "set 2026-11-26 is INCOMPLETE:\nelasticsearch failed");

    assertThat(w.toString().split("\n")).containsExactly(
        "INFO  2026-11-26T00:00:00Z scheduler: next backup at x",
        "ERROR 2026-11-26T00:00:00Z backup: set 2026-11-26 is INCOMPLETE: elasticsearch failed");
  }

  @Test
  void jsonLinesAreObjectsWithTheLevelFirst() throws Exception {
    StringWriter w = new StringWriter();
    Log log = new Log(new PrintWriter(w), CLOCK, true);

    log.warn("store", "lock taken over");
    log.error("backup", "mongo \"down\"\nreally");

    String[] lines = w.toString().split("\n");
    assertThat(lines).hasSize(2);
    assertThat(lines[1]).startsWith("{\"level\":\"ERROR\",");
    JsonNode n = Runs.JSON.readTree(lines[1]);
    assertThat(n.path("time").asText()).isEqualTo("2026-11-26T00:00:00Z");
    assertThat(n.path("component").asText()).isEqualTo("backup");
    assertThat(n.path("message").asText()).isEqualTo("mongo \"down\"\nreally");
    assertThat(Runs.JSON.readTree(lines[0]).path("level").asText()).isEqualTo("WARN");
  }

  @Test
  void theLoggedConfigurationMasksEverySecret() {
    Map<String, String> env = Map.of(
        "MONGODB_ADMIN_PASSWORD", "hunter2-mongo",
        "MONGODB_URI", "mongodb://admin:uri-pass@mongo1",
        "NOTIFY_WEBHOOK_URL", "https://hooks.example/T0/secret-token",
        "ELASTICSEARCH_ADMIN_PASSWORD_FILE", "/run/secrets/es",
        "MONGODB_ADMIN_USER", "admin",
        "BACKUP_SCHEDULE", "30 1 * * *");

    List<String> lines = ConfigLog.lines(env::get);

    String all = String.join("\n", lines);
    assertThat(all).doesNotContain("hunter2").doesNotContain("uri-pass").doesNotContain("secret-token");
    assertThat(lines).contains("MONGODB_ADMIN_PASSWORD=******", "NOTIFY_WEBHOOK_URL=******",
        "ELASTICSEARCH_ADMIN_PASSWORD=****** (from ELASTICSEARCH_ADMIN_PASSWORD_FILE=/run/secrets/es)",
        "MONGODB_ADMIN_USER=admin", "BACKUP_SCHEDULE=30 1 * * *", "HTTP_PORT=8080 (default)",
        "BACKUP_ENCRYPTION_PASSPHRASE=(not set)");
    assertThat(lines).hasSize(Variables.ALL.size());
  }
}
