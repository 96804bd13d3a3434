package io.crvsbackup.offsite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.crvsbackup.config.Secret;
import io.crvsbackup.store.BackupSet;
import io.crvsbackup.store.BackupStore;
import io.crvsbackup.store.Label;
import io.crvsbackup.store.SetStatus;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Interoperability with the real tools: openssl decrypts our passphrase files and we decrypt its files
 * (the passphrase always through {@code -pass file:}), age decrypts ours and we decrypt its, GNU tar unpacks
 * our bundles, and a bundle made exactly as OpenCRVS 1.4+'s backup script makes it (cp, tar -czf, openssl
 * enc) is pulled back from the backup server and becomes an imported set.
 */
class InteropIT {
  @TempDir Path tmp;
  private Path passFile;

  @BeforeEach
  void setUp() throws Exception {
    passFile = tmp.resolve("passphrase");
    Files.writeString(passFile, OffsiteFixture.PASSPHRASE + "\n");
    Files.setPosixFilePermissions(passFile, PosixFilePermissions.fromString("rw-------"));
  }

  @AfterEach
  void tearDown() throws Exception {
    OffsiteFixture.deleteTree(tmp.resolve("server"));
  }

  static String run(Path dir, String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(String.join(" ", cmd) + ": " + out).isZero();
    return out;
  }

  private static Encryption passphrase() {
    return Encryption.of(Optional.of(Secret.of(OffsiteFixture.PASSPHRASE)), List.of(), Optional.empty());
  }

  private Path write(String name, byte[] b) throws Exception {
    return Files.write(tmp.resolve(name), b);
  }

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {0, 1, 16, 3_000_001})
  void opensslDecryptsOurFiles(int size) throws Exception {
    byte[] plain = EncryptionTest.random(size);
    Path ours = write("ours.enc", EncryptionTest.seal(passphrase(), plain).bytes());

    run(tmp, "openssl", "enc", "-d", "-aes-256-cbc", "-salt", "-pbkdf2", "-pass", "file:" + passFile,
        "-in", ours.toString(), "-out", tmp.resolve("out").toString());

    assertThat(Files.readAllBytes(tmp.resolve("out"))).isEqualTo(plain);
  }

  /**
   * A file of the Elasticsearch mirror opens with openssl alone, as the spec tells an operator: the mirror
   * passphrase from {@code openssl kdf} (10,000 rounds, the mirror salt of the manifest's key check), then
   * {@code openssl enc -d -pbkdf2 -iter 1} under it.
   */
  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {0, 1, 16, 3_000_001})
  void opensslDecryptsOurMirrorFilesWithTheMirrorPassphrase(int size) throws Exception {
    byte[] plain = EncryptionTest.random(size);
    EncryptionTest.Stored sealed = EncryptionTest.seal(passphrase(), plain, true);
    Path ours = write("mirror.enc", sealed.bytes());
    String mirrorSalt = sealed.keyCheck().orElseThrow().split(":")[1];

    String kdf = run(tmp, "openssl", "kdf", "-keylen", "32", "-kdfopt", "digest:SHA256",
        "-kdfopt", "pass:" + OffsiteFixture.PASSPHRASE, "-kdfopt", "hexsalt:" + mirrorSalt,
        "-kdfopt", "iter:10000", "PBKDF2");
    Path mirrorPass = write("mirror-passphrase", (kdf.strip().replace(":", "").toLowerCase(java.util.Locale.ROOT)
        + "\n").getBytes(StandardCharsets.US_ASCII));
    run(tmp, "openssl", "enc", "-d", "-aes-256-cbc", "-salt", "-pbkdf2", "-iter", "1",
        "-pass", "file:" + mirrorPass, "-in", ours.toString(), "-out", tmp.resolve("out").toString());

    assertThat(Files.readAllBytes(tmp.resolve("out"))).isEqualTo(plain);
  }

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {0, 1, 16, 3_000_001})
  void weDecryptOpensslFiles(int size) throws Exception {
    byte[] plain = EncryptionTest.random(size);
    Path in = write("plain", plain);

    run(tmp, "openssl", "enc", "-aes-256-cbc", "-salt", "-pbkdf2", "-pass", "file:" + passFile,
        "-in", in.toString(), "-out", tmp.resolve("theirs.enc").toString());

    EncryptionTest.Stored theirs = new EncryptionTest.Stored(Files.readAllBytes(tmp.resolve("theirs.enc")),
        Optional.empty(), Optional.empty());
    assertThat(EncryptionTest.open(passphrase(), Encryption.Mode.OPENSSL, theirs)).isEqualTo(plain);
  }

  private String[] ageKey(String name) throws Exception {
    Path id = tmp.resolve(name);
    run(tmp, "age-keygen", "-o", id.toString());
    String text = Files.readString(id);
    String recipient = text.lines().filter(l -> l.startsWith("# public key: ")).findFirst().orElseThrow()
        .substring("# public key: ".length());
    return new String[] {id.toString(), recipient, text};
  }

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {0, 1, 65536, 3_000_001})
  void ageDecryptsOurFiles(int size) throws Exception {
    String[] key = ageKey("key-" + size);
    String[] other = ageKey("other-" + size);
    byte[] plain = EncryptionTest.random(size);
    Encryption ours = Encryption.of(Optional.empty(), List.of(other[1], key[1]), Optional.empty());
    Path file = write("ours.age", EncryptionTest.seal(ours, plain).bytes());

    run(tmp, "age", "-d", "-i", key[0], "-o", tmp.resolve("out").toString(), file.toString());

    // age creates the output file only once it has something to write
    byte[] out = Files.exists(tmp.resolve("out")) ? Files.readAllBytes(tmp.resolve("out")) : new byte[0];
    assertThat(out).isEqualTo(plain);
  }

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {0, 1, 65536, 3_000_001})
  void weDecryptAgeFiles(int size) throws Exception {
    String[] key = ageKey("key-" + size);
    String[] other = ageKey("other-" + size);
    byte[] plain = EncryptionTest.random(size);
    Path in = write("plain", plain);

    run(tmp, "age", "-r", other[1], "-r", key[1], "-o", tmp.resolve("theirs.age").toString(), in.toString());

    Encryption ours = Encryption.of(Optional.empty(), List.of(), Optional.of(Secret.of(key[2])));
    EncryptionTest.Stored theirs = new EncryptionTest.Stored(Files.readAllBytes(tmp.resolve("theirs.age")),
        Optional.empty(), Optional.empty());
    assertThat(EncryptionTest.open(ours, Encryption.Mode.AGE, theirs)).isEqualTo(plain);
  }

  @Test
  void ourPushedBundleUnpacksWithOpensslAndTarAsOpencrvsOperatorsDo() throws Exception {
    OffsiteFixture fx = new OffsiteFixture(tmp);
    Path here = tmp.resolve("here");
    BackupStore store = OffsiteFixture.store(here);
    // a long label: its paths need pax headers, which GNU tar must read
    Label label = new Label("drill-" + "x".repeat(80));
    OffsiteFixture.writeSet(store, label, Instant.parse("2026-11-25T00:00:05Z"), 1_000_000);
    Map<String, String> env = fx.env(here);
    env.put("BACKUP_ENCRYPTION_PASSPHRASE", OffsiteFixture.PASSPHRASE);
    OffsiteFixture.offsite(OffsiteFixture.settings(env), store, OffsiteListener.NONE, Retry.none())
        .push(label.value());
    Path bundle = fx.remoteDir.resolve(label + "/" + label + ".tar.gz.enc");
    Path out = Files.createDirectories(tmp.resolve("unpacked"));

    run(tmp, "sh", "-c", "openssl enc -d -aes-256-cbc -salt -pbkdf2 -pass file:" + passFile + " -in " + bundle
        + " | tar -xzf - -C " + out);

    Map<String, String> expected = new java.util.TreeMap<>(OffsiteFixture.tree(here));
    expected.keySet().removeIf(k -> k.startsWith("elasticsearch/"));
    assertThat(OffsiteFixture.tree(out)).isEqualTo(expected);
    assertThat(expected.keySet()).anyMatch(k -> k.length() > 100);
  }

  @Test
  void anOpencrvsBundleIsPulledBackAsAnImportedSet() throws Exception {
    OffsiteFixture fx = new OffsiteFixture(tmp);
    Label label = new Label("2026-11-20");
    Path raw = opencrvsRawFolder(label);
    Path setDir = Files.createDirectories(fx.remoteDir.resolve(label.value()));
    // exactly as opencrvs-farajaland infrastructure/backups/backup.sh does it, but with -pass file:
    run(tmp, "tar", "-czf", tmp.resolve(label + ".tar.gz").toString(), "-C", raw.toString(), ".");
    run(tmp, "openssl", "enc", "-aes-256-cbc", "-salt", "-pbkdf2", "-in", tmp.resolve(label + ".tar.gz").toString(),
        "-out", setDir.resolve(label + ".tar.gz.enc").toString(), "-pass", "file:" + passFile);
    Path there = tmp.resolve("there");
    BackupStore store = OffsiteFixture.store(there);
    Map<String, String> env = fx.env(there);
    env.put("BACKUP_ENCRYPTION_PASSPHRASE", OffsiteFixture.PASSPHRASE);
    OffsiteService offsite = OffsiteFixture.offsite(OffsiteFixture.settings(env), store, OffsiteListener.NONE,
        Retry.none());

    assertThat(offsite.list()).singleElement().satisfies(s -> assertThat(s.kind()).isEqualTo(RemoteSet.Kind.OPENCRVS));
    PullReport r = offsite.pull("latest");

    assertThat(r.label()).isEqualTo(label);
    assertThat(r.source()).isEqualTo(RemoteSet.Kind.OPENCRVS);
    BackupSet set = store.sets().stream().filter(s -> s.label().equals(label)).findFirst().orElseThrow();
    assertThat(set.status()).isEqualTo(SetStatus.IMPORTED);
    assertThat(set.engines()).containsExactlyInAnyOrder("mongo", "influxdb", "elasticsearch");
    assertThat(store.check(set, l -> { }).problems()).isEmpty();
    Map<String, String> expected = new java.util.TreeMap<>();
    OffsiteFixture.tree(raw).forEach((k, v) -> expected.put(
        k.startsWith("influxdb/") ? "influxdb/" + label + "/" + k.substring(9) : k, v));
    assertThat(OffsiteFixture.tree(there)).isEqualTo(expected);
  }

  @Test
  void aDamagedOpencrvsBundleIsRefusedAndNothingIsPlaced() throws Exception {
    OffsiteFixture fx = new OffsiteFixture(tmp);
    Label label = new Label("2026-11-20");
    Path raw = opencrvsRawFolder(label);
    Path setDir = Files.createDirectories(fx.remoteDir.resolve(label.value()));
    run(tmp, "tar", "-czf", tmp.resolve("b.tar.gz").toString(), "-C", raw.toString(), ".");
    Path enc = setDir.resolve(label + ".tar.gz.enc");
    run(tmp, "openssl", "enc", "-aes-256-cbc", "-salt", "-pbkdf2", "-in", tmp.resolve("b.tar.gz").toString(),
        "-out", enc.toString(), "-pass", "file:" + passFile);
    byte[] b = Files.readAllBytes(enc);
    b[b.length / 2] ^= 0x10;
    Files.write(enc, b);
    Path there = tmp.resolve("there");
    Map<String, String> env = fx.env(there);
    env.put("BACKUP_ENCRYPTION_PASSPHRASE", OffsiteFixture.PASSPHRASE);

    OffsiteException e = catchThrowableOfType(OffsiteException.class, () -> OffsiteFixture.offsite(
        OffsiteFixture.settings(env), OffsiteFixture.store(there), OffsiteListener.NONE, Retry.none())
        .pull(label.value()));

    assertThat(e.kind()).isEqualTo(OffsiteException.Kind.CORRUPT);
    assertThat(OffsiteFixture.tree(there)).isEmpty();
  }

  /** The folder OpenCRVS's backup.sh tars: mongo/, influxdb/ (the files, flattened by cp -r), elasticsearch/, minio/. */
  private Path opencrvsRawFolder(Label label) throws Exception {
    Path raw = tmp.resolve("raw");
    Random random = new Random(7);
    for (String db : List.of("hearth-dev", "user-mgnt", "application-config", "openhim-dev")) {
      try (OutputStream out = Files.newOutputStream(Files.createDirectories(raw.resolve("mongo"))
          .resolve(db + "-" + label + ".gz"))) {
        OffsiteFixture.gzip(out, 20_000, random);
      }
    }
    String ts = label.value().replace("-", "") + "T000000Z";
    Path influx = Files.createDirectories(raw.resolve("influxdb"));
    byte[] shard = new byte[12_345];
    random.nextBytes(shard);
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream g = new GZIPOutputStream(gz)) {
      g.write(shard);
    }
    Files.write(influx.resolve(ts + ".s1.tar.gz"), gz.toByteArray());
    Files.write(influx.resolve(ts + ".meta"), new byte[] {1, 2, 3, 4});
    Files.writeString(influx.resolve(ts + ".manifest"), "{\"meta\":{\"fileName\":\"" + ts + ".meta\",\"size\":4},"
        + "\"limit\":0,\"files\":[{\"database\":\"ocrvs\",\"policy\":\"autogen\",\"shardID\":1,\"fileName\":\""
        + ts + ".s1.tar.gz\",\"size\":12345}]}");
    OffsiteFixture.addSnapshot(raw.resolve("elasticsearch"), "snapshot_" + label, random);
    Path minio = Files.createDirectories(raw.resolve("minio"));
    try (InputStream in = new java.io.ByteArrayInputStream(gz.toByteArray())) {
      Files.copy(in, minio.resolve("ocrvs-" + label + ".tar.gz"));
    }
    return raw;
  }
}
