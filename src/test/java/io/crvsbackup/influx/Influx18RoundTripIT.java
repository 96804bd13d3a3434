package io.crvsbackup.influx;

import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The round trips against influxd 1.8.10, the version OpenCRVS runs from v1.5, built from the Go module
 * proxy and started here on free loopback ports: {@code INFLUXD_18}, else the build cache's copy.
 */
class Influx18RoundTripIT extends RoundTripContract {
  private static Influxd server;
  private static String binary;

  @BeforeAll
  static void start() throws Exception {
    binary = binary();
    server = Influxd.start(binary);
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  static String binary() {
    String env = System.getenv("INFLUXD_18");
    Path p = env != null && !env.isBlank() ? Path.of(env)
        : Path.of(System.getProperty("user.home"), ".cache/crvs-backup-test-env/influxd-1.8/influxd");
    if (!Files.isExecutable(p)) {
      fail("influxd 1.8 is missing at " + p + " (set INFLUXD_18); build it with: GOBIN=$(dirname " + p
          + ") go install -ldflags '-X main.version=1.8.10' github.com/influxdata/influxdb/cmd/influxd@v1.8.10");
    }
    return p.toString();
  }

  @Override
  String url() {
    return server.url;
  }

  @Override
  String rpc() {
    return server.rpc;
  }

  @Override
  String influxd() {
    return binary;
  }
}
