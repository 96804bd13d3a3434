package io.crvsbackup.influx;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The real {@code influxd}: its {@code backup}/{@code restore -portable} commands, and a private server
 * started on free loopback ports in a temporary folder (for the 1.8 build), stopped by {@link #close()}.
 */
final class Influxd implements AutoCloseable {
  private final Process process;
  private final Path dir;
  final String url;
  final String rpc;

  private Influxd(Process process, Path dir, String url, String rpc) {
    this.process = process;
    this.dir = dir;
    this.url = url;
    this.rpc = rpc;
  }

  /** Runs {@code influxd <args>} and returns its output; fails the test when it exits non-zero. */
  static String run(String binary, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(binary));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as("%s: %s", cmd, out).isZero();
    return out;
  }

  /** Starts a server of its own: HTTP and RPC on free loopback ports, data in a temporary folder. */
  static Influxd start(String binary) throws Exception {
    return start(binary, "inmem");
  }

  /** Starts a server of its own whose shards use the index {@code inmem} or {@code tsi1}. */
  static Influxd start(String binary, String indexVersion) throws Exception {
    Path dir = Files.createTempDirectory("crvs-influxd");
    int http = freePort();
    int rpc = freePort();
    String conf = String.join("\n",
        "reporting-disabled = true",
        "bind-address = \"127.0.0.1:" + rpc + "\"",
        "[meta]", "  dir = \"" + dir.resolve("meta") + "\"",
        "[data]", "  dir = \"" + dir.resolve("data") + "\"", "  wal-dir = \"" + dir.resolve("wal") + "\"",
        "  query-log-enabled = false", "  index-version = \"" + indexVersion + "\"",
        "[monitor]", "  store-enabled = false",
        "[subscriber]", "  enabled = false",
        "[http]", "  bind-address = \"127.0.0.1:" + http + "\"", "  log-enabled = false",
        "[logging]", "  level = \"info\"", "");
    Files.writeString(dir.resolve("influxdb.conf"), conf);
    Process p = new ProcessBuilder(binary, "run", "-config", dir.resolve("influxdb.conf").toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("influxd.log").toFile()).start();
    Influxd d = new Influxd(p, dir, "http://127.0.0.1:" + http, "127.0.0.1:" + rpc);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!(open(http) && open(rpc))) {
      if (!p.isAlive() || System.nanoTime() > deadline) {
        String log = Files.readString(dir.resolve("influxd.log"));
        d.close();
        throw new AssertionError(binary + " did not start: " + log);
      }
      Thread.sleep(50);
    }
    return d;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static boolean open(int port) {
    try (Socket s = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The server's log; kept as {@code $CRVS_INFLUXD_LOG} when that is set. */
  @Override
  public void close() throws Exception {
    String keep = System.getenv("CRVS_INFLUXD_LOG");
    process.destroy();
    if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
    if (keep != null && !keep.isBlank()) {
      Files.copy(dir.resolve("influxd.log"), Path.of(keep), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    try (var s = Files.walk(dir)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }
}
