package io.crvsbackup.offsite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code crvs-backup backup} through the packaged jar with a backup server configured (issue 7): real
 * MongoDB, Elasticsearch and InfluxDB, the real sshd. The copy on the server is opened with the real
 * {@code openssl} and {@code age} and compared byte for byte with the local set; a push that fails makes
 * the run fail loudly and leaves the local set complete. No secret is ever printed or in any process's
 * arguments.
 */
class OffsiteCliBackupIT {
  private static final List<String> SECRETS = List.of(OffsiteFixture.PASSPHRASE);
  @TempDir Path tmp;

  @Test
  void backupPushesAPassphraseCopyThatOpensslDecryptsToTheLocalSet() throws Exception {
    try (CliWorld w = new CliWorld(tmp).seed()) {
      JarRun.Result r = JarRun.run(w.envWithPassphrase(), SECRETS, "backup", "--label", "day1", "--engines",
          CliWorld.ENGINES).expect(0);

      assertThat(r.out()).contains("Set day1 is complete");
      assertThat(r.all()).contains("offsite: pushed day1");
      assertNoSecret(r);
      Path tar = tmp.resolve("day1.tar.gz");
      exec("openssl", "enc", "-d", "-aes-256-cbc", "-salt", "-pbkdf2", "-pass", "file:" + w.passphraseFile,
          "-in", w.remoteDir.resolve("day1/day1.tar.gz.enc").toString(), "-out", tar.toString());
      assertBundleHoldsTheSet(tar, w.backupDir, "day1");
      // nor is it in any file written here or on the server (manifests, markers, logs)
      assertThat(grep(w.backupDir, OffsiteFixture.PASSPHRASE)).isEmpty();
      assertThat(grep(w.remoteDir, OffsiteFixture.PASSPHRASE)).isEmpty();
      // the repository's files open under the mirror passphrase, which openssl kdf makes from the passphrase and
      // the mirror salt of the set's manifest (spec.md)
      List<String> mirrorSalts = Files.readAllLines(w.remoteDir.resolve("day1/crvs-backup-set.txt")).stream()
          .filter(l -> l.startsWith("es ")).map(l -> l.split(" ")[8].split(":")[1]).distinct().toList();
      assertThat(mirrorSalts).hasSize(1);
      String kdf = execOut("openssl", "kdf", "-keylen", "32", "-kdfopt", "digest:SHA256",
          "-kdfopt", "pass:" + OffsiteFixture.PASSPHRASE, "-kdfopt", "hexsalt:" + mirrorSalts.get(0),
          "-kdfopt", "iter:10000", "PBKDF2");
      Path mirrorPass = Files.writeString(tmp.resolve("mirror-passphrase"),
          kdf.strip().replace(":", "").toLowerCase(java.util.Locale.ROOT) + "\n");
      assertMirrorHoldsTheRepository(w, ".enc", f -> exec("openssl", "enc", "-d", "-aes-256-cbc", "-salt", "-pbkdf2",
          "-iter", "1", "-pass", "file:" + mirrorPass, "-in", f.toString(), "-out", f + ".plain"));
    }
  }

  @Test
  void backupPushesAnAgeCopyThatAgeDecryptsToTheLocalSet() throws Exception {
    try (CliWorld w = new CliWorld(tmp).seed()) {
      Path key = tmp.resolve("key.txt");
      exec("age-keygen", "-o", key.toString());
      String recipient = Files.readAllLines(key).stream().filter(l -> l.startsWith("# public key: ")).findFirst()
          .orElseThrow().substring("# public key: ".length());
      String secretKey = Files.readAllLines(key).stream().filter(l -> l.startsWith("AGE-SECRET-KEY-")).findFirst()
          .orElseThrow();
      Map<String, String> env = w.env();
      env.put("BACKUP_ENCRYPTION_RECIPIENTS", recipient);

      JarRun.Result r = JarRun.run(env, List.of(secretKey), "backup", "--label", "day1", "--engines",
          CliWorld.ENGINES).expect(0);

      assertThat(r.out()).contains("Set day1 is complete");
      assertThat(r.secretSeenIn()).isEmpty();
      assertThat(r.all()).doesNotContain(secretKey);
      Path tar = tmp.resolve("day1.tar.gz");
      exec("age", "-d", "-i", key.toString(), "-o", tar.toString(),
          w.remoteDir.resolve("day1/day1.tar.gz.age").toString());
      assertBundleHoldsTheSet(tar, w.backupDir, "day1");
      assertMirrorHoldsTheRepository(w, ".age", f -> exec("age", "-d", "-i", key.toString(), "-o", f + ".plain",
          f.toString()));
      // the production host holds no key that opens its copies: nothing in BACKUP_DIR or the server has it
      assertThat(grep(w.backupDir, secretKey)).isEmpty();
      assertThat(grep(w.remoteDir, secretKey)).isEmpty();
    }
  }

  @Test
  void aFailedPushFailsTheRunLoudlyAndTheLocalSetStaysCompleteAndVerifiable() throws Exception {
    try (CliWorld w = new CliWorld(tmp).seed()) {
      Files.createDirectories(w.remoteDir);
      exec("chattr", "+i", w.remoteDir.toString());
      JarRun.Result failed = JarRun.run(w.envWithPassphrase(), SECRETS, "backup", "--label", "day1",
          "--engines", CliWorld.ENGINES);
      exec("chattr", "-i", w.remoteDir.toString());

      failed.expect(1);
      assertNoSecret(failed);
      assertThat(failed.err()).contains("ERROR offsite push: day1:")
          .contains("set day1 is complete locally, but its offsite copy FAILED; the next run pushes it again");
      assertThat(failed.err().toLowerCase(java.util.Locale.ROOT)).containsAnyOf("permission", "not allowed",
          "refused to write");
      try (var s = Files.list(w.remoteDir)) {
        assertThat(s.toList()).as("nothing was written on the server").isEmpty();
      }
      Map<String, String> local = OffsiteFixture.tree(w.backupDir);
      JarRun.run(w.env(), SECRETS, "verify", "day1").expect(0);
      assertThat(JarRun.run(w.env(), SECRETS, "list").expect(0).out()).containsPattern("day1\\s+complete");

      // an unreachable server, through the operator's command: a clear error, the set untouched
      Map<String, String> unreachable = w.envWithPassphrase();
      unreachable.put("EXTERNAL_BACKUP_PORT", Integer.toString(closedPort()));
      JarRun.Result down = JarRun.run(unreachable, SECRETS, "offsite", "push", "day1").expect(1);
      assertNoSecret(down);
      assertThat(down.err()).contains("ERROR").contains("cannot reach")
          .contains(unreachable.get("EXTERNAL_BACKUP_PORT"));

      // the server writable again: the operator's push completes what the run could not
      JarRun.Result pushed = JarRun.run(w.envWithPassphrase(), SECRETS, "offsite", "push", "day1").expect(0);
      assertNoSecret(pushed);
      assertThat(pushed.out()).contains("Set day1 is on the backup server");
      assertThat(OffsiteFixture.tree(w.backupDir)).isEqualTo(local);
      Path tar = tmp.resolve("day1.tar.gz");
      exec("openssl", "enc", "-d", "-aes-256-cbc", "-salt", "-pbkdf2", "-pass", "file:" + w.passphraseFile,
          "-in", w.remoteDir.resolve("day1/day1.tar.gz.enc").toString(), "-out", tar.toString());
      assertBundleHoldsTheSet(tar, w.backupDir, "day1");
    }
  }

  static void assertNoSecret(JarRun.Result r) {
    assertThat(r.secretSeenIn()).as("process arguments holding the passphrase").isEmpty();
    assertThat(r.all()).doesNotContain(OffsiteFixture.PASSPHRASE);
  }

  /** The decrypted bundle holds exactly the set's files (everything but the shared repository), byte for byte. */
  private void assertBundleHoldsTheSet(Path tarGz, Path backupDir, String label) throws Exception {
    Path x = Files.createDirectories(tmp.resolve("extracted-" + System.nanoTime()));
    exec("tar", "-xzf", tarGz.toString(), "-C", x.toString());
    Map<String, String> set = new TreeMap<>(OffsiteFixture.tree(backupDir));
    set.keySet().removeIf(k -> k.startsWith("elasticsearch/"));
    assertThat(set.keySet()).contains("manifests/" + label + ".json").anyMatch(k -> k.startsWith("mongo/"))
        .anyMatch(k -> k.startsWith("influxdb/" + label + "/"));
    assertThat(OffsiteFixture.tree(x)).isEqualTo(set);
  }

  /** Every file of the local Elasticsearch repository is on the server (encrypted) and opens to the same bytes. */
  private static void assertMirrorHoldsTheRepository(CliWorld w, String suffix, Decrypt decrypt) throws Exception {
    Map<String, String> repo = OffsiteFixture.tree(w.backupDir.resolve("elasticsearch"));
    repo.remove("index.latest");
    assertThat(repo).anySatisfy((k, v) -> assertThat(k).startsWith("snap-"));
    for (Map.Entry<String, String> e : repo.entrySet()) {
      Path stored = w.remoteDir.resolve("_elasticsearch/" + e.getKey() + suffix);
      decrypt.run(stored);
      Path plain = Path.of(stored + ".plain");
      assertThat(EsMirror.sha256(plain)).as(e.getKey()).isEqualTo(e.getValue());
      Files.delete(plain);
    }
  }

  @FunctionalInterface
  interface Decrypt {
    void run(Path stored) throws Exception;
  }

  private static List<Path> grep(Path dir, String needle) throws IOException {
    byte[] n = needle.getBytes(StandardCharsets.UTF_8);
    try (var walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).filter(p -> {
        try {
          return new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1)
              .contains(new String(n, StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).toList();
    }
  }

  static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  static String execOut(String... command) throws Exception {
    Process p = new ProcessBuilder(command).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(command[0] + " " + command[1]).isZero();
    return out;
  }

  static void exec(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("%s: %s", String.join(" ", command), out).isZero();
  }
}
