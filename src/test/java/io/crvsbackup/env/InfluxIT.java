package io.crvsbackup.env;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The influxd of scripts/test-env takes writes and answers InfluxQL; its RPC port takes a backup. */
class InfluxIT {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void writesAndQueries() throws Exception {
    String url = TestEnv.require("INFLUXDB_URL");
    String db = "crvs_it_" + UUID.randomUUID().toString().substring(0, 8);
    query(url, null, "CREATE DATABASE \"" + db + "\"");
    try {
      HttpResponse<String> w = HTTP.send(
          HttpRequest.newBuilder(URI.create(url + "/write?precision=s&db=" + db))
              .POST(HttpRequest.BodyPublishers.ofString(
                  "registrations,event=birth,office=ibombo count=3i 1764115200\n"
                      + "registrations,event=death,office=ibombo count=1i 1764115260\n"))
              .build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(w.statusCode()).as(w.body()).isEqualTo(204);
      String result = "";
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (System.nanoTime() < deadline && !result.contains("\"sum\"")) {
        result = query(url, db, "SELECT sum(\"count\") FROM registrations");
        Thread.sleep(50);
      }
      assertThat(result).contains("\"sum\"").contains(",4]");
    } finally {
      query(url, null, "DROP DATABASE \"" + db + "\"");
    }
  }

  @Test
  void rpcAddressAcceptsAPortableBackup() throws Exception {
    String influxd = TestEnv.require("INFLUXD");
    String rpc = TestEnv.require("INFLUXDB_RPC_ADDRESS");
    Path dir = Files.createTempDirectory("crvs-influx-it");
    Process p = new ProcessBuilder(influxd, "backup", "-portable", "-host", rpc, dir.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
    try (var files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString()).toList())
          .anyMatch(n -> n.endsWith(".manifest"))
          .anyMatch(n -> n.endsWith(".meta"));
    }
  }

  private static String query(String url, String db, String q) throws Exception {
    String uri = url + "/query?" + (db == null ? "" : "db=" + db + "&") + "q=" + URLEncoder.encode(q, StandardCharsets.UTF_8);
    HttpResponse<String> r = HTTP.send(
        HttpRequest.newBuilder(URI.create(uri)).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("%s: %s", q, r.body()).isEqualTo(200);
    assertThat(r.body()).doesNotContain("\"error\"");
    return r.body();
  }
}
