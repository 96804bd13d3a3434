package io.crvsbackup.influx;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Test data on a real influxd, written and read through its HTTP API independently of the code under
 * test: several measurements with tags and fields of every type over about 60 days (several weekly
 * shards), and a point-by-point dump of a database to compare two of them.
 */
final class InfluxData {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  /** Noon UTC 60 days before a fixed day, so shard groups are the same on every run. */
  static final Instant START = Instant.parse("2026-09-27T12:00:00Z");
  static final int DAYS = 60;

  private final String url;

  InfluxData(String url) {
    this.url = url;
  }

  String url() {
    return url;
  }

  /** A database name unique to this run, starting with {@code prefix}. */
  static String unique(String prefix) {
    return prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
  }

  void create(String db) throws Exception {
    query(null, "CREATE DATABASE " + InfluxQl.ident(db));
  }

  void drop(String db) throws Exception {
    query(null, "DROP DATABASE " + InfluxQl.ident(db));
  }

  List<String> databases() throws Exception {
    List<String> out = new ArrayList<>();
    for (JsonNode s : query(null, "SHOW DATABASES").path("series")) {
      s.path("values").forEach(v -> out.add(v.path(0).asText()));
    }
    return out;
  }

  /**
   * Creates {@code db} with a second retention policy {@code weekly} and fills both: measurements
   * {@code registrations} (tags event, office; float, integer, string and boolean fields), {@code
   * "user logins"} (a measurement name with a space and tag values with commas and spaces) and {@code
   * temperature}, every {@code stepMinutes} over {@link #DAYS} days.
   *
   * @return the number of points written
   */
  long fill(String db, int stepMinutes) throws Exception {
    create(db);
    query(null, "CREATE RETENTION POLICY \"weekly\" ON " + InfluxQl.ident(db) + " DURATION 0s REPLICATION 1"
        + " SHARD DURATION 2w");
    long points = 0;
    StringBuilder lines = new StringBuilder();
    StringBuilder weekly = new StringBuilder();
    String[] events = {"birth", "death"};
    String[] offices = {"Ibombo", "Isamba District Office", "Ilanga"};
    Instant end = START.plus(DAYS, ChronoUnit.DAYS);
    int i = 0;
    for (Instant t = START; t.isBefore(end); t = t.plus(stepMinutes, ChronoUnit.MINUTES), i++) {
      long ns = t.getEpochSecond() * 1_000_000_000L + (i % 1000) * 1000L;
      String event = events[i % events.length];
      String office = offices[i % offices.length].replace(" ", "\\ ");
      lines.append("registrations,event=").append(event).append(",office=").append(office)
          .append(" age=").append(i % 90 + 0.25).append(",count=").append(i % 7).append("i,name=\"person \\\"")
          .append(i).append("\\\" ").append("é✓\",late=").append(i % 3 == 0).append(' ').append(ns).append('\n');
      points++;
      if (i % 4 == 0) {
        lines.append("user\\ logins,role=field\\,agent\\ ").append(i % 5).append(" ok=").append(i % 2 == 0)
            .append(",ms=").append(i * 3).append("i ").append(ns).append('\n');
        points++;
      }
      if (i % 6 == 0) {
        weekly.append("temperature,sensor=s").append(i % 3).append(" celsius=").append(-5.5 + i % 40)
            .append(",note=\"").append(i % 2 == 0 ? "" : "warm").append("\" ").append(ns).append('\n');
        points++;
      }
      if (lines.length() > 500_000) {
        write(db, null, lines);
      }
      if (weekly.length() > 500_000) {
        write(db, "weekly", weekly);
      }
    }
    write(db, null, lines);
    write(db, "weekly", weekly);
    return points;
  }

  void write(String db, String rp, CharSequence lines) throws Exception {
    if (lines.length() == 0) {
      return;
    }
    String q = "db=" + enc(db) + (rp == null ? "" : "&rp=" + enc(rp)) + "&precision=ns";
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/write?" + q))
        .POST(HttpRequest.BodyPublishers.ofString(lines.toString())).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("write to %s: %s", db, r.body()).isEqualTo(204);
    if (lines instanceof StringBuilder b) {
      b.setLength(0);
    }
  }

  /**
   * Every point of a database, as sorted lines {@code rp|measurement|tags|time|fields}, plus the field
   * keys with their types per measurement: two databases hold the same data iff their dumps are equal.
   */
  List<String> dump(String db) throws Exception {
    List<String> out = new ArrayList<>();
    List<String> rps = new ArrayList<>();
    for (JsonNode s : query(db, "SHOW RETENTION POLICIES ON " + InfluxQl.ident(db)).path("series")) {
      s.path("values").forEach(v -> rps.add(v.path(0).asText()));
    }
    for (JsonNode s : query(db, "SHOW FIELD KEYS").path("series")) {
      s.path("values").forEach(v -> out.add("field|" + s.path("name").asText() + "|" + v.path(0).asText() + "|"
          + v.path(1).asText()));
    }
    for (String rp : rps) {
      JsonNode r = query(db, "SELECT * FROM " + InfluxQl.ident(db) + "." + InfluxQl.ident(rp) + "./.*/ GROUP BY *");
      for (JsonNode s : r.path("series")) {
        Map<String, String> tags = new TreeMap<>();
        s.path("tags").properties().forEach(e -> tags.put(e.getKey(), e.getValue().asText()));
        JsonNode columns = s.path("columns");
        for (JsonNode v : s.path("values")) {
          StringBuilder line = new StringBuilder(rp).append('|').append(s.path("name").asText()).append('|')
              .append(tags).append('|').append(v.path(0).asText());
          for (int c = 1; c < columns.size(); c++) {
            if (!v.path(c).isNull()) {
              line.append('|').append(columns.path(c).asText()).append('=').append(v.path(c));
            }
          }
          out.add(line.toString());
        }
      }
    }
    out.sort(null);
    return out;
  }

  /** Runs InfluxQL; fails the test on an error. */
  JsonNode query(String db, String q) throws Exception {
    String form = "q=" + enc(q) + (db == null ? "" : "&db=" + enc(db)) + "&epoch=ns";
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/query"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("%s: %s", q, r.body()).isEqualTo(200);
    JsonNode result = JSON.readTree(r.body()).path("results").path(0);
    assertThat(result.has("error")).as("%s: %s", q, r.body()).isFalse();
    return result;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
