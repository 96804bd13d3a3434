package io.crvsbackup.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crvsbackup.config.Settings;
import io.crvsbackup.env.TestEnv;
import io.crvsbackup.job.BackupTarget;
import io.crvsbackup.job.EngineException;
import io.crvsbackup.job.EngineResult;
import io.crvsbackup.job.JobListener;
import io.crvsbackup.job.RestoreSource;
import io.crvsbackup.store.BackupSet;
import io.crvsbackup.store.Label;
import io.crvsbackup.store.Layout;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every bad input of issue 6 gets a clear error, and the database a restore would replace is not
 * dropped: each test restores into a live database and then proves all its points are still there.
 */
class InfluxBadInputIT {
  private static final Label LABEL = Label.ofDate(java.time.LocalDate.of(2026, 11, 26));
  private static InfluxData data;
  private static String victim;
  private static List<String> victimData;
  private static Path template;
  private static EngineResult good;
  @TempDir Path root;

  @BeforeAll
  static void backUpTheVictim() throws Exception {
    data = new InfluxData(TestEnv.require("INFLUXDB_URL"));
    victim = InfluxData.unique("crvs_bad");
    data.fill(victim, 180);
    victimData = data.dump(victim);
    template = Files.createTempDirectory("crvs-influx-bad");
    good = engine(rpc(), List.of(victim)).backup(new BackupTarget(LABEL, new Layout(template), JobListener.NONE));
  }

  @AfterAll
  static void dropTheVictim() throws Exception {
    if (data != null) {
      data.drop(victim);
    }
    if (template == null) {
      return;
    }
    try (var s = Files.walk(template)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }

  @Test
  void unreachableRpcPortFailsTheBackupAndExplainsBindAddress() throws Exception {
    Layout layout = new Layout(root);
    assertThatThrownBy(() -> engine(closedPort(), List.of(victim))
            .backup(new BackupTarget(LABEL, layout, JobListener.NONE)))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("back up the metastore from 127.0.0.1:")
        .hasMessageContaining("cannot connect to InfluxDB's backup/restore RPC port")
        .hasMessageContaining("bind-address = \":8088\"")
        .hasMessageContaining("127.0.0.1 by default");
    assertThat(Files.exists(layout.influxBackup(LABEL))).isFalse();
  }

  @Test
  void unreachableRpcPortFailsTheRestoreBeforeAnythingIsDropped() throws Exception {
    BackupSet set = copyOfGoodSet();
    assertThatThrownBy(() -> engine(closedPort(), List.of()).restore(restore(set)))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("reach the backup/restore RPC port; nothing was dropped or changed")
        .hasMessageContaining("bind-address = \":8088\"");
    assertVictimUntouched();
  }

  @Test
  void truncatedShardArchiveIsRefused() throws Exception {
    BackupSet set = copyOfGoodSet();
    Path shard = shardFiles().get(1);
    byte[] bytes = Files.readAllBytes(shard);
    Files.write(shard, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    assertRefused(set, "the backup failed its check; nothing was dropped or changed",
        "corrupted: influxdb/2026-11-26/" + shard.getFileName() + " has sha256 ");
    assertRefused(TestSets.imported(new Layout(root), LABEL), "nothing was dropped or changed",
        "corrupted: influxdb/2026-11-26/" + shard.getFileName() + " is not a whole gzip file");
  }

  @Test
  void shardWhoseTarWasCutOffInsideAWholeGzipIsRefused() throws Exception {
    copyOfGoodSet();
    Path shard = shardFiles().get(0);
    byte[] tar;
    try (InputStream in = new GZIPInputStream(Files.newInputStream(shard))) {
      tar = in.readAllBytes();
    }
    ByteArrayOutputStream regz = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(regz)) {
      gz.write(tar, 0, tar.length - 1024 - 700);
    }
    Files.write(shard, regz.toByteArray());
    assertRefused(TestSets.imported(new Layout(root), LABEL), "nothing was dropped or changed",
        "corrupted: influxdb/2026-11-26/" + shard.getFileName() + " is truncated at byte");
  }

  @Test
  void corruptedShardArchiveIsRefused() throws Exception {
    copyOfGoodSet();
    Path shard = shardFiles().get(2);
    byte[] bytes = Files.readAllBytes(shard);
    for (int i = bytes.length / 2; i < bytes.length / 2 + 16; i++) {
      bytes[i] ^= 0x5a;
    }
    Files.write(shard, bytes);
    assertRefused(TestSets.imported(new Layout(root), LABEL), "the backup failed its check",
        "corrupted: influxdb/2026-11-26/" + shard.getFileName());
  }

  @Test
  void manifestNamingAMissingFileIsRefused() throws Exception {
    BackupSet set = copyOfGoodSet();
    Path shard = shardFiles().get(0);
    Files.delete(shard);
    assertRefused(set, "nothing was dropped or changed",
        "missing: influxdb/2026-11-26/" + shard.getFileName() + " (shard ");
  }

  @Test
  void backupFromInfluxDb2IsRefusedAsIncompatible() throws Exception {
    copyOfGoodSet();
    Path dir = new Layout(root).influxBackup(LABEL);
    try (var s = Files.list(dir)) {
      for (Path p : s.toList()) {
        Files.delete(p);
      }
    }
    Files.writeString(dir.resolve("20261126T000005Z.manifest"), "{\"kv\":{\"fileName\":\"20261126T000005Z.bolt.gz\","
        + "\"size\":1234,\"compression\":\"gzip\"},\"files\":[{\"fileName\":\"20261126T000005Z.s1.tar.gz\","
        + "\"size\":5,\"orgID\":\"a\",\"bucketID\":\"b\"}]}");
    Files.write(dir.resolve("20261126T000005Z.bolt.gz"), new byte[] {1, 2, 3});
    assertRefused(TestSets.imported(new Layout(root), LABEL), "nothing was dropped or changed",
        "comes from InfluxDB 2.x (`influx backup`), an incompatible version");
  }

  @Test
  void legacyNonPortableBackupIsRefusedAsIncompatible() throws Exception {
    copyOfGoodSet();
    Path dir = new Layout(root).influxBackup(LABEL);
    try (var s = Files.list(dir)) {
      for (Path p : s.toList()) {
        Files.delete(p);
      }
    }
    Influxd.run(TestEnv.require("INFLUXD"), "backup", "-host", TestEnv.require("INFLUXDB_RPC_ADDRESS"),
        "-database", victim, dir.toString());
    assertRefused(TestSets.imported(new Layout(root), LABEL), "nothing was dropped or changed",
        "holds a legacy InfluxDB backup (meta.NN, <db>.<rp>.NNNNN.NN files, made by influxd backup without -portable)");
  }

  @Test
  void setFromAnIncompatibleCrvsBackupVersionIsRefused() throws Exception {
    copyOfGoodSet();
    ObjectNode facts = ((ObjectNode) good.facts()).deepCopy().put("format", 99);
    BackupSet set = TestSets.ours(new Layout(root), LABEL, new EngineResult(good.artifacts(), facts, List.of()));
    assertRefused(set, "nothing was dropped or changed", "records InfluxDB facts of format 99");
    assertThat(engine(rpc(), List.of()).verifyOffline(set, JobListener.NONE))
        .anyMatch(p -> p.startsWith("incompatible: ") && p.contains("format 99"));
  }

  @Test
  void databaseNamesWithQuotesAndSpacesAreQuotedNeverInjected() throws Exception {
    String canary = InfluxData.unique("crvs_canary");
    String evil = InfluxData.unique("crvs evil \"x\"") + "'; DROP DATABASE " + canary + "; -- \"; DROP DATABASE \""
        + canary;
    String evilCopy = evil + " copy";
    data.create(canary);
    try {
      data.fill(evil, 240);
      List<String> expected = data.dump(evil);
      Layout layout = new Layout(root);
      EngineResult r = engine(rpc(), List.of(evil)).backup(new BackupTarget(LABEL, layout, JobListener.NONE));
      BackupSet set = TestSets.ours(layout, LABEL, r);
      engine(rpc(), List.of()).restore(new RestoreSource(set, layout, Map.of(evil, evilCopy), JobListener.NONE));
      engine(rpc(), List.of()).restore(new RestoreSource(set, layout, Map.of(), JobListener.NONE));
      assertThat(data.databases()).contains(canary, evil, evilCopy, victim);
      assertThat(data.dump(evilCopy)).isEqualTo(expected);
      assertThat(data.dump(evil)).isEqualTo(expected);
      assertThat(r.facts().path("databases").path(0).path("name").asText()).isEqualTo(evil);
    } finally {
      data.drop(evil);
      data.drop(evilCopy);
      data.drop(canary);
    }
    assertVictimUntouched();
  }

  private void assertRefused(BackupSet set, String... parts) throws Exception {
    var thrown = assertThatThrownBy(() -> engine(rpc(), List.of()).restore(restore(set)))
        .isInstanceOf(EngineException.class)
        .hasMessageStartingWith("restore InfluxDB from influxdb/2026-11-26: ");
    for (String p : parts) {
      thrown.hasMessageContaining(p);
    }
    assertThat(engine(rpc(), List.of()).verifyOffline(set, JobListener.NONE)).isNotEmpty();
    assertVictimUntouched();
  }

  private void assertVictimUntouched() throws Exception {
    assertThat(data.dump(victim)).isEqualTo(victimData);
  }

  private RestoreSource restore(BackupSet set) {
    return new RestoreSource(set, new Layout(root), Map.of(), JobListener.NONE);
  }

  private BackupSet copyOfGoodSet() throws Exception {
    Path from = new Layout(template).influxBackup(LABEL);
    Path to = new Layout(root).influxBackup(LABEL);
    Files.createDirectories(to);
    try (var s = Files.list(from)) {
      for (Path p : s.toList()) {
        Files.copy(p, to.resolve(p.getFileName()));
      }
    }
    return TestSets.ours(new Layout(root), LABEL, good);
  }

  private List<Path> shardFiles() throws Exception {
    try (var s = Files.list(new Layout(root).influxBackup(LABEL))) {
      return s.filter(p -> p.getFileName().toString().endsWith(".tar.gz")).sorted().toList();
    }
  }

  private static String rpc() {
    return TestEnv.require("INFLUXDB_RPC_ADDRESS");
  }

  private static String closedPort() throws Exception {
    return "127.0.0.1:" + Influxd.freePort();
  }

  static InfluxEngine engine(String rpc, List<String> databases) {
    var settings = new Settings.Influx(Optional.of(URI.create(TestEnv.require("INFLUXDB_URL"))),
        Optional.of(RoundTripContract.hostPort(rpc)), databases);
    return new InfluxEngine(settings, Clock.fixed(Instant.parse("2026-11-26T00:00:05Z"), ZoneOffset.UTC),
        InfluxOptions.DEFAULTS.withCountTimeout(Duration.ofSeconds(20)));
  }
}
