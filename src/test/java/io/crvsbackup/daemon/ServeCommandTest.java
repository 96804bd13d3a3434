package io.crvsbackup.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.crvsbackup.cli.Cli;
import io.crvsbackup.cli.CliContext;
import io.crvsbackup.config.ConfigException;
import io.crvsbackup.config.ConfigLoader;
import io.crvsbackup.config.Settings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** serve's configuration: defaults, and bad input refused with exit 2 before anything starts. */
class ServeCommandTest {
  @TempDir Path tmp;

  @Test
  void defaults() throws Exception {
    Settings.Daemon d = ConfigLoader.load(Map.of()).daemon();

    assertThat(d.httpPort()).isEqualTo(8080);
    assertThat(d.webhook()).isEmpty();
    assertThat(d.notifyOnSuccess()).isFalse();
    assertThat(d.jsonLogs()).isFalse();
    assertThat(d.maxAge()).isEmpty();
    assertThat(d.runLimit()).isEqualTo(Duration.ofHours(6));
    assertThat(d.shutdownGrace()).isEqualTo(Duration.ofSeconds(300));
  }

  @Test
  void everyVariableIsRead() throws Exception {
    Path secret = Files.writeString(tmp.resolve("hook"), "https://hooks.example/T0/token\n");
    Settings.Daemon d = ConfigLoader.load(Map.of("HTTP_PORT", "9100", "NOTIFY_WEBHOOK_URL_FILE", secret.toString(),
        "NOTIFY_ON_SUCCESS", "true", "LOG_FORMAT", "json", "BACKUP_MAX_AGE_HOURS", "30",
        "BACKUP_RUN_LIMIT_HOURS", "2", "SHUTDOWN_GRACE_SECONDS", "0")).daemon();

    assertThat(d.httpPort()).isEqualTo(9100);
    assertThat(d.webhook().orElseThrow().reveal()).isEqualTo("https://hooks.example/T0/token");
    assertThat(d.notifyOnSuccess()).isTrue();
    assertThat(d.jsonLogs()).isTrue();
    assertThat(d.maxAge()).contains(Duration.ofHours(30));
    assertThat(d.runLimit()).isEqualTo(Duration.ofHours(2));
    assertThat(d.shutdownGrace()).isZero();
  }

  @Test
  void everyProblemIsReportedAtOnceWithoutTheWebhooksValue() {
    Map<String, String> env = Map.of("HTTP_PORT", "0", "NOTIFY_WEBHOOK_URL", "hooks example/secret token",
        "NOTIFY_ON_SUCCESS", "yes", "LOG_FORMAT", "xml", "BACKUP_MAX_AGE_HOURS", "-1",
        "BACKUP_RUN_LIMIT_HOURS", "x", "SHUTDOWN_GRACE_SECONDS", "86401", "BACKUP_SCHEDULE", "61 * * * *");

    try {
      ConfigLoader.load(env);
      throw new AssertionError("accepted");
    } catch (ConfigException e) {
      assertThat(e.getMessage()).contains("HTTP_PORT").contains("NOTIFY_WEBHOOK_URL").contains("NOTIFY_ON_SUCCESS")
          .contains("LOG_FORMAT").contains("BACKUP_MAX_AGE_HOURS").contains("BACKUP_RUN_LIMIT_HOURS")
          .contains("SHUTDOWN_GRACE_SECONDS").contains("BACKUP_SCHEDULE").doesNotContain("secret");
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "HTTP_PORT=70000 | HTTP_PORT: '70000' is not a port from 1 to 65535",
    "NOTIFY_WEBHOOK_URL=ftp://x.example/hook-token | NOTIFY_WEBHOOK_URL: is not an http:// or https:// URL",
    "BACKUP_SCHEDULE=every night | BACKUP_SCHEDULE",
  })
  void serveRefusesBadConfigurationWithExit2(String setting, String message) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("backups"));
    Map<String, String> env = new HashMap<>(Map.of("BACKUP_DIR", dir.toString()));
    env.put(setting.split("=", 2)[0], setting.split("=", 2)[1]);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int code = Cli.run(new CliContext(env::get, java.time.Clock.systemUTC(), new PrintWriter(out), new PrintWriter(err),
        false), "serve");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).startsWith("ERROR ").contains(message).doesNotContain("hook-token");
  }

  @Test
  void serveRefusesAMissingBackupDir() {
    Map<String, String> env = Map.of("BACKUP_DIR", tmp.resolve("not-mounted").toString());
    StringWriter err = new StringWriter();

    int code = Cli.run(new CliContext(env::get, java.time.Clock.systemUTC(), new PrintWriter(new StringWriter()),
        new PrintWriter(err), false), "serve");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("does not exist");
  }
}
