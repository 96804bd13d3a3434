package io.crvsbackup.influx;

import static org.assertj.core.api.Assertions.assertThat;

import io.crvsbackup.config.Settings;
import io.crvsbackup.job.BackupTarget;
import io.crvsbackup.job.EngineResult;
import io.crvsbackup.job.JobListener;
import io.crvsbackup.job.RestoreSource;
import io.crvsbackup.store.BackupSet;
import io.crvsbackup.store.Label;
import io.crvsbackup.store.Layout;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both directions of compatibility with the real influxd, every point compared: our backup restored by
 * {@code influxd restore -portable}, a backup by {@code influxd backup -portable} restored by us, and ours
 * restored by us over changed data. Two databases (one named with quotes, spaces and non-ASCII), three
 * measurements, tags, fields of every type, two retention policies, 60 days so several shards exist.
 * Subclasses say which server and binary.
 */
abstract class RoundTripContract {
  @TempDir Path root;
  private final List<String> created = new ArrayList<>();
  private InfluxData data;
  private String db1;
  private String db2;
  private long points;

  /** The server's HTTP URL. */
  abstract String url();

  /** The server's RPC address, host:port. */
  abstract String rpc();

  /** The influxd binary of the same version, for its backup and restore commands. */
  abstract String influxd();

  @BeforeEach
  void fill() throws Exception {
    data = new InfluxData(url());
    db1 = track(InfluxData.unique("crvs_rt"));
    db2 = track(InfluxData.unique("crvs rt \"two\" é"));
    points = data.fill(db1, 20) + data.fill(db2, 45);
  }

  @AfterEach
  void dropAll() throws Exception {
    for (String db : created) {
      data.drop(db);
    }
  }

  @Test
  void ourBackupIsRestoredByInfluxdRestorePortable() throws Exception {
    Layout layout = new Layout(root);
    Label label = Label.parse("2026-11-26");
    EngineResult r = engine(List.of(db1, db2)).backup(new BackupTarget(label, layout, JobListener.NONE));
    Path dir = layout.influxBackup(label);
    try (var files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString()).toList())
          .anyMatch(n -> n.matches("\\d{8}T\\d{6}Z\\.meta"))
          .anyMatch(n -> n.matches("\\d{8}T\\d{6}Z\\.manifest"))
          .filteredOn(n -> n.matches("\\d{8}T\\d{6}Z\\.s\\d+\\.tar\\.gz")).hasSizeGreaterThan(10);
    }
    assertThat(r.facts().path("databases")).hasSize(2);
    assertThat(r.facts().path("totals").path("points").asLong()).isEqualTo(points);
    assertThat(r.facts().path("databases").path(1).path("name").asText()).isEqualTo(db2);
    assertThat(r.facts().path("databases").path(0).path("series").path("user logins").asLong()).isEqualTo(5);
    assertThat(r.facts().path("databases").path(0).path("retentionPolicies").findValues("measurements"))
        .hasSize(2);
    assertThat(r.facts().path("note").asText()).contains("cache (the WAL)");
    for (String db : List.of(db1, db2)) {
      String copy = track(db + "_by_influxd");
      Influxd.run(influxd(), "restore", "-portable", "-host", rpc(), "-db", db, "-newdb", copy, dir.toString());
      awaitSameData(db, copy);
    }
  }

  @Test
  void influxdBackupPortableIsRestoredByUs() throws Exception {
    Layout layout = new Layout(root);
    Map<String, Label> labels = Map.of(db1, Label.parse("2026-11-24"), db2, Label.parse("2026-11-25"));
    data.query(db1, "CREATE CONTINUOUS QUERY \"cq_daily\" ON " + InfluxQl.ident(db1) + " BEGIN SELECT sum(\"count\")"
        + " INTO \"daily\" FROM \"registrations\" GROUP BY time(1d) END");
    for (String db : List.of(db1, db2)) {
      Label label = labels.get(db);
      Influxd.run(influxd(), "backup", "-portable", "-host", rpc(), "-db", db, layout.influxBackup(label).toString());
      BackupSet set = TestSets.imported(layout, label);
      assertThat(engine(List.of()).verifyOffline(set, JobListener.NONE)).isEmpty();
      String copy = track(db + "_by_us");
      EngineResult r = engine(List.of()).restore(new RestoreSource(set, layout, Map.of(db, copy), JobListener.NONE));
      assertThat(r.facts().path("restored").path(0).path("target").asText()).isEqualTo(copy);
      assertThat(r.warnings()).anyMatch(w -> w.contains("could not be compared"));
      if (db.equals(db1)) {
        assertThat(r.warnings()).anyMatch(w -> w.startsWith("continuous query \"cq_daily\" of database")
            && w.contains("is not restored"));
      }
      assertThat(data.dump(copy)).isEqualTo(data.dump(db)).hasSizeGreaterThan(1000);
    }
  }

  @Test
  void ourBackupIsRestoredByUsOverChangedData() throws Exception {
    Layout layout = new Layout(root);
    Label label = Label.parse("2026-11-26");
    List<String> before = data.dump(db1);
    List<String> before2 = data.dump(db2);
    EngineResult r = engine(List.of(db1, db2)).backup(new BackupTarget(label, layout, JobListener.NONE));
    BackupSet set = TestSets.ours(layout, label, r);
    assertThat(engine(List.of()).verifyOffline(set, JobListener.NONE)).isEmpty();
    data.write(db1, null, new StringBuilder("registrations,event=birth,office=New count=1i 1790000000000000000\n"));
    data.query(db1, "DROP MEASUREMENT " + InfluxQl.ident("user logins"));
    assertThat(data.dump(db1)).isNotEqualTo(before);
    EngineResult rr = engine(List.of()).restore(new RestoreSource(set, layout, Map.of(), JobListener.NONE));
    assertThat(rr.facts().path("restored")).hasSize(2);
    assertThat(data.dump(db1)).isEqualTo(before);
    assertThat(data.dump(db2)).isEqualTo(before2);
  }

  InfluxEngine engine(List<String> databases) {
    return engine(url(), rpc(), databases);
  }

  /** The engine against a server, with a clock fixed at 2026-11-26T00:00:05Z. */
  static InfluxEngine engine(String url, String rpc, List<String> databases) {
    var settings = new Settings.Influx(Optional.of(URI.create(url)),
        Optional.of(hostPort(rpc)), databases);
    return new InfluxEngine(settings, Clock.fixed(Instant.parse("2026-11-26T00:00:05Z"), ZoneOffset.UTC),
        InfluxOptions.DEFAULTS.withCountTimeout(Duration.ofSeconds(30)));
  }

  static Settings.HostPort hostPort(String s) {
    int colon = s.lastIndexOf(':');
    return new Settings.HostPort(s.substring(0, colon), Integer.parseInt(s.substring(colon + 1)));
  }

  private String track(String db) {
    created.add(db);
    return db;
  }

  /** influxd restore returns before the server has loaded the shards: poll for a bounded time. */
  private void awaitSameData(String source, String copy) throws Exception {
    List<String> expected = data.dump(source);
    assertThat(expected).hasSizeGreaterThan(1000);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    List<String> actual = data.dump(copy);
    while (!actual.equals(expected) && System.nanoTime() < deadline) {
      Thread.sleep(100);
      actual = data.dump(copy);
    }
    assertThat(actual).isEqualTo(expected);
  }
}
