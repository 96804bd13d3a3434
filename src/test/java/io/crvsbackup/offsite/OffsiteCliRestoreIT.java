package io.crvsbackup.offsite;

import static io.crvsbackup.offsite.OffsiteCliBackupIT.assertNoSecret;
import static io.crvsbackup.offsite.OffsiteCliBackupIT.exec;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.crvsbackup.env.TestEnv;
import io.crvsbackup.swarm.TestStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code crvs-backup restore} and {@code crvs-backup offsite list|push|pull} through the packaged jar with a
 * backup server configured (issue 7), on real MongoDB, Elasticsearch, InfluxDB, the real sshd and the real
 * swarm: a set
 * that is only on the backup server is downloaded, decrypted, checked and restored while the stack's services
 * are at 0; an OpenCRVS 1.4+ bundle ({@code <dir>/<label>/<label>.tar.gz.enc} made by {@code openssl enc})
 * is listed, pulled and restored.
 */
class OffsiteCliRestoreIT {
  private static final List<String> SECRETS = List.of(OffsiteFixture.PASSPHRASE);
  private static final String OPENCRVS_DAY = "2026-11-20";
  @TempDir Path tmp;

  @Test
  void restoreBringsBackASetThatIsOnlyOnTheBackupServerWithTheStackAtZero() throws Exception {
    try (CliWorld w = new CliWorld(tmp).seed(); TestStack stack = TestStack.create("offcli")) {
      String mongo1 = stack.service("mongo1", 1, Map.of());
      String gateway = stack.service("gateway", 2, Map.of());
      stack.awaitRunning(mongo1, 1);
      stack.awaitRunning(gateway, 2);
      assertNoSecret(JarRun.run(w.envWithPassphrase(), SECRETS, "backup", "--label", "day1", "--engines",
          CliWorld.ENGINES).expect(0));
      Map<String, List<String>> mongoBefore = w.mongoContent();
      JsonNode esBefore = w.esContent();
      String influxBefore = w.influxContent();
      Map<String, String> setFiles = setFiles(w.backupDir);
      // this host lost the set (the shared Elasticsearch repository stays: it holds other days too)
      for (String f : setFiles.keySet()) {
        Files.delete(w.backupDir.resolve(f));
      }
      w.damage();
      assertThat(w.mongoContent()).isNotEqualTo(mongoBefore);
      assertThat(w.esContent()).isNotEqualTo(esBefore);
      assertThat(influxBefore).contains("registrations");
      Map<String, String> env = w.envWithPassphrase();
      env.put("DOCKER_HOST", TestEnv.require("DOCKER_HOST"));
      env.put("STACK_NAME", stack.name);
      List<Long> gatewayRunning = Collections.synchronizedList(new ArrayList<>());
      long[] next = {0};

      JarRun.Result r = JarRun.run(env, SECRETS, () -> {
        if (System.nanoTime() > next[0]) {
          gatewayRunning.add(stack.running(gateway));
          next[0] = System.nanoTime() + 200_000_000L;
        }
      }, "restore", "day1", "1", "--yes").expect(0);

      assertNoSecret(r);
      assertThat(r.all()).contains("offsite: pulled set day1 from the backup server");
      assertThat(r.out()).contains("Restore of day1 finished").contains("every service is back");
      assertThat(setFiles(w.backupDir)).isEqualTo(setFiles);
      assertThat(w.mongoContent()).isEqualTo(mongoBefore);
      assertThat(w.esContent()).isEqualTo(esBefore);
      assertThat(w.influxContent()).isEqualTo(influxBefore);
      assertThat(gatewayRunning).as("gateway tasks seen while the restore ran").contains(0L);
      assertThat(stack.replicas(gateway)).isEqualTo(2);
      assertThat(stack.running(gateway)).isEqualTo(2);
      assertThat(stack.running(mongo1)).isEqualTo(1);
    }
  }

  @Test
  void operatorsListPushAndPullOursAndAnOpencrvsBundleAndRestoreIt() throws Exception {
    try (CliWorld w = new CliWorld(tmp).seed()) {
      Map<String, String> env = w.envWithPassphrase();
      assertNoSecret(JarRun.run(env, SECRETS, "backup", "--label", "day1", "--engines", CliWorld.ENGINES).expect(0));
      Map<String, List<String>> mongoBefore = w.mongoContent();
      String influxBefore = w.influxContent();
      Map<String, byte[]> day1 = new TreeMap<>();
      for (String f : setFiles(w.backupDir).keySet()) {
        day1.put(f, Files.readAllBytes(w.backupDir.resolve(f)));
      }
      Path archive = opencrvsBundle(w);

      JarRun.Result list = JarRun.run(env, SECRETS, "offsite", "list").expect(0);
      JarRun.Result json = JarRun.run(env, SECRETS, "offsite", "list", "--json").expect(0);
      JarRun.Result again = JarRun.run(env, SECRETS, "offsite", "push", "day1").expect(0);

      assertThat(list.out()).containsPattern("day1\\s+complete\\s.*openssl-aes-256-cbc-pbkdf2\\s+yes")
          .containsPattern(OPENCRVS_DAY + "\\s+opencrvs\\s.*\\sno");
      JsonNode sets = CliWorld.JSON.readTree(json.out());
      assertThat(sets).extracting(s -> s.path("label").asText()).containsExactlyInAnyOrder("day1", OPENCRVS_DAY);
      assertThat(again.out()).contains("Set day1 is on the backup server already.");

      // this host lost day1: pull it back, byte for byte
      for (String f : day1.keySet()) {
        Files.delete(w.backupDir.resolve(f));
      }
      assertThat(JarRun.run(env, SECRETS, "offsite", "list").expect(0).out())
          .containsPattern("day1\\s+complete.*\\sno");
      JarRun.Result pulled = JarRun.run(env, SECRETS, "offsite", "pull", "day1").expect(0);
      assertThat(pulled.out()).contains("Set day1 (complete) is in").contains("Next: crvs-backup restore day1");
      for (Map.Entry<String, byte[]> f : day1.entrySet()) {
        assertThat(Files.readAllBytes(w.backupDir.resolve(f.getKey()))).as(f.getKey()).isEqualTo(f.getValue());
      }
      JarRun.run(env, SECRETS, "verify", "day1").expect(0);

      // the OpenCRVS bundle: pulled, verified, restored by the same commands
      JarRun.Result opencrvs = JarRun.run(env, SECRETS, "offsite", "pull", OPENCRVS_DAY).expect(0);
      assertThat(opencrvs.out()).contains("Set " + OPENCRVS_DAY + " (opencrvs) is in");
      assertThat(Files.readAllBytes(w.backupDir.resolve("mongo/" + w.mongoDb + "-" + OPENCRVS_DAY + ".gz")))
          .isEqualTo(Files.readAllBytes(archive));
      JarRun.run(env, SECRETS, "verify", OPENCRVS_DAY).expect(0);
      w.damage();
      JarRun.Result restored = JarRun.run(env, SECRETS, "restore", OPENCRVS_DAY, "--engines", "mongo,influxdb",
          "--no-scale", "--yes").expect(0);
      assertThat(restored.out()).contains("Restore of " + OPENCRVS_DAY + " finished");
      assertThat(w.mongoContent()).isEqualTo(mongoBefore);
      assertThat(w.influxContent()).isEqualTo(influxBefore);

      for (JarRun.Result r : List.of(list, json, again, pulled, opencrvs, restored)) {
        assertNoSecret(r);
      }
    }
  }

  /**
   * Leaves {@code <dir>/<day>/<day>.tar.gz.enc} on the server as OpenCRVS 1.4+ does: the real
   * {@code mongodump --gzip --archive} of the database and {@code influxd backup -portable}, tarred,
   * {@code openssl enc -aes-256-cbc -salt -pbkdf2}.
   *
   * @return the Mongo archive in the bundle
   */
  private Path opencrvsBundle(CliWorld w) throws Exception {
    Path raw = Files.createDirectories(tmp.resolve("raw/mongo"));
    Path archive = raw.resolve(w.mongoDb + "-" + OPENCRVS_DAY + ".gz");
    exec(TestEnv.require("MONGODUMP"), "--quiet", "--uri", TestEnv.require("MONGODB_URI"), "--db", w.mongoDb,
        "--gzip", "--archive=" + archive);
    // influxd backup -portable, its files flattened into influxdb/ as OpenCRVS's cp -r leaves them
    exec(TestEnv.require("INFLUXD"), "backup", "-portable", "-database", w.influxDb, "-host",
        TestEnv.require("INFLUXDB_RPC_ADDRESS"), raw.resolveSibling("influxdb").toString());
    Path tar = tmp.resolve(OPENCRVS_DAY + ".tar.gz");
    exec("tar", "-czf", tar.toString(), "-C", raw.getParent().toString(), ".");
    Path dir = Files.createDirectories(w.remoteDir.resolve(OPENCRVS_DAY));
    exec("openssl", "enc", "-aes-256-cbc", "-salt", "-pbkdf2", "-pass", "file:" + w.passphraseFile, "-in",
        tar.toString(), "-out", dir.resolve(OPENCRVS_DAY + ".tar.gz.enc").toString());
    return archive;
  }

  /** The set's own files in the backup folder (the shared Elasticsearch repository left out). */
  private static Map<String, String> setFiles(Path backupDir) throws Exception {
    Map<String, String> files = new TreeMap<>(OffsiteFixture.tree(backupDir));
    files.keySet().removeIf(k -> k.startsWith("elasticsearch/"));
    return files;
  }
}
