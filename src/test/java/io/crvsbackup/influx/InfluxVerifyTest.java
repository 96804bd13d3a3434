package io.crvsbackup.influx;

import static org.assertj.core.api.Assertions.assertThat;

import io.crvsbackup.config.Settings;
import io.crvsbackup.job.EngineResult;
import io.crvsbackup.job.JobListener;
import io.crvsbackup.store.Artifact;
import io.crvsbackup.store.BackupSet;
import io.crvsbackup.store.Label;
import io.crvsbackup.store.Layout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Offline verification of real influxd backups and of every way they break; no server involved. */
class InfluxVerifyTest {
  static final String TS = "20261126T033650Z";
  static final String DIR = "influxdb/2026-11-26/";
  @TempDir Path root;
  Layout layout;
  Label label;
  Path dir;

  @BeforeEach
  void writeFixture() throws Exception {
    layout = new Layout(root);
    label = Label.ofDate(java.time.LocalDate.of(2026, 11, 26));
    dir = Fixtures.write(Fixtures.INFLUXD_1_6_7, layout.influxBackup(label));
  }

  @Test
  void aRealBackupVerifies() throws Exception {
    assertThat(verify()).isEmpty();
  }

  @Test
  void aTruncatedShardFileIsCorrupted() throws Exception {
    Path f = dir.resolve(TS + ".s1.tar.gz");
    byte[] b = Files.readAllBytes(f);
    Files.write(f, java.util.Arrays.copyOf(b, b.length - 30));
    assertThat(verify()).singleElement().asString()
        .startsWith("corrupted: " + DIR + TS + ".s1.tar.gz is not a whole gzip file (");
  }

  @Test
  void aFlippedByteIsCorrupted() throws Exception {
    Path f = dir.resolve(TS + ".s2.tar.gz");
    byte[] b = Files.readAllBytes(f);
    b[b.length / 2] ^= 0x10;
    Files.write(f, b);
    assertThat(verify()).singleElement().asString().startsWith("corrupted: " + DIR + TS + ".s2.tar.gz");
  }

  @Test
  void aMissingShardFileIsReported() throws Exception {
    Files.delete(dir.resolve(TS + ".s2.tar.gz"));
    assertThat(verify()).containsExactly("missing: " + DIR + TS + ".s2.tar.gz (shard 2 of crvs_fixture.autogen,"
        + " named by the manifest)");
  }

  @Test
  void aMissingMetastoreFileIsReported() throws Exception {
    Files.delete(dir.resolve(TS + ".meta"));
    assertThat(verify()).containsExactly("missing: " + DIR + TS + ".meta (the metastore file named by " + DIR + TS
        + ".manifest)");
  }

  @Test
  void aWrongSizeInTheManifestIsReported() throws Exception {
    String first = "\"size\": %d,\n      \"lastModified\": 0\n    },\n    {";
    editManifest(String.format(first, 2048), String.format(first, 2049));
    assertThat(verify()).containsExactly("corrupted: " + DIR + TS + ".s1.tar.gz holds a tar of 2048 bytes, the"
        + " manifest says 2049");
  }

  @Test
  void aShardFileHoldingAnotherShardIsReported() throws Exception {
    Files.copy(dir.resolve(TS + ".s1.tar.gz"), dir.resolve(TS + ".s2.tar.gz"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertThat(verify()).singleElement().asString()
        .isEqualTo("corrupted: " + DIR + TS + ".s2.tar.gz holds 'crvs_fixture/autogen/1/000000001-000000001.tsm',"
            + " which is not a file of shard crvs_fixture/autogen/2");
  }

  @Test
  void aShardMissingFromTheMetastoreIsReported() throws Exception {
    editManifest("\"shardID\": 2,", "\"shardID\": 99,");
    assertThat(verify()).anyMatch(p -> p.equals("corrupted: shard 99 of crvs_fixture.autogen (" + DIR + TS
        + ".s2.tar.gz) is not in the metastore file " + DIR + TS + ".meta, so it could not be restored"));
  }

  @Test
  void aChecksumOfOurManifestThatDiffersIsReported() throws Exception {
    List<Artifact> artifacts = new ArrayList<>();
    for (String f : List.of(".meta", ".s1.tar.gz", ".s2.tar.gz", ".manifest")) {
      Path p = dir.resolve(TS + f);
      String sha = f.equals(".s1.tar.gz") ? "0".repeat(64) : BackupCheck.sha256(Files.readAllBytes(p));
      artifacts.add(new Artifact("influxdb", DIR + TS + f, Files.size(p), sha));
    }
    BackupSet ours = TestSets.ours(layout, label, new EngineResult(artifacts,
        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode(), List.of()));
    assertThat(engine().verifyOffline(ours, JobListener.NONE)).singleElement().asString()
        .startsWith("corrupted: " + DIR + TS + ".s1.tar.gz has sha256 ")
        .endsWith(", the manifest says " + "0".repeat(64));
  }

  @Test
  void countsRecordedFromTheShardsAreCheckedAgainstTheShardFiles() throws Exception {
    // the fixture: two points of registrations (two series), each with the fields age, count, late, name
    assertThat(engine().verifyOffline(ours(2, 2), JobListener.NONE)).isEmpty();
    assertThat(engine().verifyOffline(ours(2, 3), JobListener.NONE)).singleElement().asString()
        .isEqualTo("corrupted: influxdb/2026-11-26: the shards of database \"crvs_fixture\" hold other counts than"
            + " our manifest records: \"autogen\".\"registrations\" field \"age\": values 2, the backup recorded 3");
    assertThat(engine().verifyOffline(ours(1, 2), JobListener.NONE)).singleElement().asString()
        .contains("measurement \"registrations\": series 2, the backup recorded 1");
  }

  @Test
  void countsAreReadFromInfluxd18ShardsToo() throws Exception {
    Fixtures.write(Fixtures.INFLUXD_1_8_10, layout.influxBackup(Label.ofDate(java.time.LocalDate.of(2026, 11, 25))));
    label = Label.ofDate(java.time.LocalDate.of(2026, 11, 25));
    dir = layout.influxBackup(label);
    assertThat(engine().verifyOffline(ours(2, 2), JobListener.NONE)).isEmpty();
    assertThat(engine().verifyOffline(ours(2, 1), JobListener.NONE)).singleElement().asString()
        .contains("field \"age\": values 2, the backup recorded 1");
  }

  /** The fixture as a set of ours whose facts record {@code series} and {@code age} values counted from shards. */
  private BackupSet ours(long series, long age) throws Exception {
    List<Artifact> artifacts = new ArrayList<>();
    String prefix = "influxdb/" + label.value() + "/";
    try (var files = Files.list(dir)) {
      for (Path p : files.sorted().toList()) {
        artifacts.add(new Artifact("influxdb", prefix + p.getFileName(), Files.size(p),
            BackupCheck.sha256(Files.readAllBytes(p))));
      }
    }
    var facts = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("format", 1);
    var db = facts.putArray("databases").addObject().put("name", "crvs_fixture")
        .put("counted", InfluxFacts.COUNTED_FROM_SHARDS);
    db.putObject("series").put("registrations", series);
    var rp = db.putArray("retentionPolicies").addObject().put("name", "autogen");
    var shards = rp.putArray("shards");
    for (Artifact a : artifacts) {
      if (a.path().endsWith(".tar.gz")) {
        shards.addObject().put("file", a.path().substring(prefix.length()));
      }
    }
    rp.putObject("measurements").putObject("registrations").putObject("fields").put("age", age).put("count", 2)
        .put("late", 2).put("name", 2);
    return TestSets.ours(layout, label, new EngineResult(artifacts, facts, List.of()));
  }

  @Test
  void aSetWithoutInfluxDbHasNothingToVerify() throws Exception {
    BackupSet set = TestSets.imported(layout, label);
    BackupSet noInflux = new BackupSet(set.label(), set.status(), set.created(), set.day(), set.manifest(), List.of(),
        new java.util.TreeSet<>(List.of("mongo")), Optional.empty(), Optional.empty(), Optional.empty());
    assertThat(engine().verifyOffline(noInflux, JobListener.NONE)).isEmpty();
  }

  private List<String> verify() throws Exception {
    return engine().verifyOffline(TestSets.imported(layout, label), JobListener.NONE);
  }

  private void editManifest(String from, String to) throws Exception {
    Path m = dir.resolve(TS + ".manifest");
    String s = Files.readString(m, StandardCharsets.UTF_8);
    assertThat(s).contains(from);
    Files.writeString(m, s.replace(from, to));
  }

  static InfluxEngine engine() {
    return new InfluxEngine(new Settings.Influx(Optional.empty(), Optional.empty(), List.of()), Clock.systemUTC(),
        InfluxOptions.DEFAULTS);
  }
}
