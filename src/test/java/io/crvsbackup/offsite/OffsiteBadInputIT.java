package io.crvsbackup.offsite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.crvsbackup.config.Settings;
import io.crvsbackup.store.BackupStore;
import io.crvsbackup.store.Label;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each bad input of issue 7 against the real sshd: a clear error of the right kind, and no local set
 * deleted or changed. A full disk is a real 1 MiB tmpfs mounted on the remote folder; a folder without
 * write permission is {@code chattr +i}, which stops root too.
 */
class OffsiteBadInputIT {
  private static final Label DAY = new Label("2026-11-25");
  @TempDir Path tmp;
  private OffsiteFixture fx;
  private Path here;
  private BackupStore store;
  private Map<String, String> before;
  private final List<String> warnings = new ArrayList<>();
  private final OffsiteListener listener = new OffsiteListener() {
    @Override
    public void warning(String message) {
      warnings.add(message);
    }
  };
  private boolean mounted;

  @BeforeEach
  void setUp() throws Exception {
    fx = new OffsiteFixture(tmp);
    here = tmp.resolve("here");
    store = OffsiteFixture.store(here);
    OffsiteFixture.writeSet(store, DAY, Instant.parse("2026-11-25T00:00:05Z"), 3_000_000);
    before = OffsiteFixture.tree(here);
  }

  @AfterEach
  void tearDown() throws Exception {
    // whatever happened, the local set is as it was
    assertThat(OffsiteFixture.tree(here)).isEqualTo(before);
    if (mounted) {
      run("umount", fx.remoteDir.toString());
    }
    OffsiteFixture.deleteTree(tmp.resolve("server"));
  }

  private Map<String, String> env() {
    return fx.env(here);
  }

  private OffsiteException pushFails(Map<String, String> env) throws Exception {
    Settings s = OffsiteFixture.settings(env);
    return catchThrowableOfType(OffsiteException.class,
        () -> OffsiteFixture.offsite(s, store, listener, Retry.none()).push(DAY.value()));
  }

  static void run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(String.join(" ", cmd) + ": " + out).isZero();
  }

  private Path key(String name, String passphrase) throws Exception {
    Path k = tmp.resolve(name);
    run("ssh-keygen", "-q", "-t", "ed25519", "-N", passphrase, "-f", k.toString());
    return k;
  }

  @Test
  void anUnreachableHostIsRetriedThenReported() throws Exception {
    Map<String, String> env = env();
    env.put("EXTERNAL_BACKUP_PORT", "1");
    Settings s = OffsiteFixture.settings(env);
    OffsiteService offsite = OffsiteFixture.offsite(s, store, listener,
        new Retry(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2))));

    PushReport report = offsite.pushAfterBackup(DAY);

    assertThat(report.ok()).isFalse();
    assertThat(report.failed()).singleElement().satisfies(f -> {
      assertThat(f.label()).isEqualTo(DAY);
      assertThat(f.error().kind()).isEqualTo(OffsiteException.Kind.UNREACHABLE);
      assertThat(f.error().getMessage()).contains("cannot reach the backup server 127.0.0.1:1")
          .contains("Connection refused");
    });
    assertThat(warnings).filteredOn(w -> w.contains("trying again")).hasSize(2);
  }

  @Test
  void aRefusedLoginNamesTheUserAndTheKey() throws Exception {
    Path stranger = key("stranger", "");
    Map<String, String> env = env();
    env.put("EXTERNAL_BACKUP_SSH_KEY_FILE", stranger.toString());

    OffsiteException e = pushFails(env);

    assertThat(e.kind()).isEqualTo(OffsiteException.Kind.AUTH);
    assertThat(e.getMessage()).contains("refused the login of user").contains(stranger.toString())
        .contains("SHA256:").contains("authorized_keys");
  }

  @Test
  void aKeyFileReadableByOthersIsRefusedBeforeConnecting() throws Exception {
    Path k = tmp.resolve("open_key");
    Files.copy(Path.of(env().get("EXTERNAL_BACKUP_SSH_KEY_FILE")), k);
    Files.setPosixFilePermissions(k, PosixFilePermissions.fromString("rw-r--r--"));
    Map<String, String> env = env();
    env.put("EXTERNAL_BACKUP_SSH_KEY_FILE", k.toString());

    OffsiteException e = pushFails(env);

    assertThat(e.kind()).isEqualTo(OffsiteException.Kind.KEY_FILE);
    assertThat(e.getMessage()).contains("permissions 0644").contains("chmod 600").contains("mode: 0400");
  }

  @Test
  void aKeyFileOfTheWrongFormatIsRefused() throws Exception {
    Path garbage = Files.writeString(tmp.resolve("garbage"), "this is not a key\n");
    Path pub = Path.of(key("with_pub", "") + ".pub");
    Files.setPosixFilePermissions(garbage, PosixFilePermissions.fromString("rw-------"));
    Files.setPosixFilePermissions(pub, PosixFilePermissions.fromString("rw-------"));
    Map<String, String> env = env();

    env.put("EXTERNAL_BACKUP_SSH_KEY_FILE", garbage.toString());
    OffsiteException e1 = pushFails(env);
    env.put("EXTERNAL_BACKUP_SSH_KEY_FILE", pub.toString());
    OffsiteException e2 = pushFails(env);
    env.put("EXTERNAL_BACKUP_SSH_KEY_FILE", tmp.resolve("missing").toString());
    OffsiteException e3 = pushFails(env);

    assertThat(List.of(e1, e2, e3)).extracting(OffsiteException::kind).containsOnly(OffsiteException.Kind.KEY_FILE);
    assertThat(e1.getMessage()).contains("is not a private key");
    assertThat(e2.getMessage()).contains("is a public key");
    assertThat(e3.getMessage()).contains("does not exist");
  }

  @Test
  void aProtectedKeyNeedsItsPassphrase() throws Exception {
    String secret = "key-pass-Xy9";
    Path k = key("protected", secret);
    Map<String, String> env = env();
    env.put("EXTERNAL_BACKUP_SSH_KEY_FILE", k.toString());

    OffsiteException none = pushFails(env);
    env.put("EXTERNAL_BACKUP_SSH_KEY_PASSPHRASE", "not-" + secret);
    OffsiteException wrong = pushFails(env);
    env.put("EXTERNAL_BACKUP_SSH_KEY_PASSPHRASE", secret);
    OffsiteException right = pushFails(env);

    assertThat(none.kind()).isEqualTo(OffsiteException.Kind.KEY_FILE);
    assertThat(none.getMessage()).contains("protected by a passphrase");
    assertThat(wrong.kind()).isEqualTo(OffsiteException.Kind.KEY_FILE);
    assertThat(wrong.getMessage()).contains("passphrase is wrong").doesNotContain(secret);
    // the right passphrase opens the key; the server then refuses it, as it is not in authorized_keys
    assertThat(right.kind()).isEqualTo(OffsiteException.Kind.AUTH);
  }

  @Test
  void aFullRemoteDiskIsReportedBeforeSending() throws Exception {
    Files.createDirectories(fx.remoteDir);
    run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", fx.remoteDir.toString());
    mounted = true;

    OffsiteException e = pushFails(env());

    assertThat(e.kind()).isEqualTo(OffsiteException.Kind.DISK_FULL);
    assertThat(e.getMessage()).contains("bytes free").contains("nothing was sent");
  }

  /** Without encryption, and through the encrypting pipeline (its stages run on threads of their own). */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"none", "passphrase", "age"})
  void aDiskThatFillsDuringAnUploadIsReportedAsFull(String mode) throws Exception {
    Files.createDirectories(fx.remoteDir);
    run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", fx.remoteDir.toString());
    mounted = true;
    Settings s = OffsiteFixture.settings(env());
    Path big = here.resolve("mongo/hearth-dev-" + DAY + ".gz");

    try (Remote remote = SshConnector.connect(s.offsite().server().orElseThrow(), Optional.empty());
        Uploader up = new Uploader(remote, Encryption.of(
            mode.equals("passphrase") ? Optional.of(io.crvsbackup.config.Secret.of(OffsiteFixture.PASSPHRASE))
                : Optional.empty(),
            mode.equals("age") ? List.of(CryptoVectorsTest.RECIPIENT) : List.of(), Optional.empty()), listener)) {
      java.io.IOException io = catchThrowableOfType(java.io.IOException.class, () -> {
        up.upload(fx.remoteDir + "/big.gz", "big", Files.size(big), out -> Files.copy(big, out), done -> { });
        up.await();
      });
      OffsiteException e = Failures.translate(io, "upload big.gz", remote, fx.remoteDir.toString());

      assertThat(e.kind()).isEqualTo(OffsiteException.Kind.DISK_FULL);
      assertThat(e.getMessage()).contains("is full").contains("bytes free in " + fx.remoteDir);
      assertThat(remote.stat(fx.remoteDir + "/big.gz")).isEmpty();
      // no stage of the pipeline is left waiting
      assertThat(Thread.getAllStackTraces().keySet()).filteredOn(Thread::isAlive).extracting(Thread::getName)
          .doesNotContain("offsite-seal", "offsite-send");
    }
  }

  @Test
  void aRemoteFolderWithoutWritePermissionIsReported() throws Exception {
    Files.createDirectories(fx.remoteDir);
    run("chattr", "+i", fx.remoteDir.toString());

    OffsiteException e = pushFails(env());

    assertThat(e.kind()).isEqualTo(OffsiteException.Kind.PERMISSION);
    assertThat(e.getMessage()).contains("permission denied").contains("chattr -i");
  }

  @Test
  void aWrongPassphraseOrIdentityLeavesNothingBehind() throws Exception {
    Map<String, String> env = env();
    env.put("BACKUP_ENCRYPTION_PASSPHRASE", OffsiteFixture.PASSPHRASE);
    OffsiteFixture.offsite(OffsiteFixture.settings(env), store, listener, Retry.none()).push(DAY.value());
    Path there = tmp.resolve("there");
    Map<String, String> thereEnv = fx.env(there);
    thereEnv.put("BACKUP_ENCRYPTION_PASSPHRASE", "not the passphrase");

    OffsiteException e = pullFails(thereEnv, there);

    assertThat(e.kind()).isEqualTo(OffsiteException.Kind.WRONG_KEY);
    assertThat(e.getMessage()).contains("wrong passphrase").doesNotContain(OffsiteFixture.PASSPHRASE);
    assertThat(OffsiteFixture.tree(there)).isEmpty();
  }

  @Test
  void anAgeCopyWithAnotherIdentityIsRefused() throws Exception {
    Map<String, String> env = env();
    env.put("BACKUP_ENCRYPTION_RECIPIENTS", CryptoVectorsTest.RECIPIENT);
    OffsiteFixture.offsite(OffsiteFixture.settings(env), store, listener, Retry.none()).push(DAY.value());
    Path there = tmp.resolve("there");
    Map<String, String> thereEnv = fx.env(there);
    byte[] other = new byte[32];
    other[5] = 1;

    OffsiteException missing = pullFails(thereEnv, there);
    thereEnv.put("BACKUP_ENCRYPTION_IDENTITY", AgeKeys.formatIdentity(other));
    OffsiteException wrong = pullFails(thereEnv, there);

    assertThat(missing.getMessage()).contains("set BACKUP_ENCRYPTION_IDENTITY");
    assertThat(wrong.kind()).isEqualTo(OffsiteException.Kind.WRONG_KEY);
    assertThat(wrong.getMessage()).contains("none of the identities");
    assertThat(OffsiteFixture.tree(there)).isEmpty();
  }

  @Test
  void aTruncatedOrTamperedBundleIsRefusedAndNothingIsPlaced() throws Exception {
    Map<String, String> env = env();
    env.put("BACKUP_ENCRYPTION_PASSPHRASE", OffsiteFixture.PASSPHRASE);
    OffsiteFixture.offsite(OffsiteFixture.settings(env), store, listener, Retry.none()).push(DAY.value());
    Path bundle = fx.remoteDir.resolve(DAY + "/" + DAY + ".tar.gz.enc");
    byte[] good = Files.readAllBytes(bundle);
    Path there = tmp.resolve("there");
    Map<String, String> thereEnv = fx.env(there);
    thereEnv.put("BACKUP_ENCRYPTION_PASSPHRASE", OffsiteFixture.PASSPHRASE);

    try (RandomAccessFile f = new RandomAccessFile(bundle.toFile(), "rw")) {
      f.setLength(good.length / 2);
    }
    OffsiteException truncated = pullFails(thereEnv, there);
    byte[] bad = good.clone();
    bad[good.length / 2] ^= 0x40;
    Files.write(bundle, bad);
    OffsiteException tampered = pullFails(thereEnv, there);
    Files.write(bundle, good);
    PullReport ok = OffsiteFixture.offsite(OffsiteFixture.settings(thereEnv), OffsiteFixture.store(there), listener,
        Retry.none()).pull(DAY.value());

    assertThat(truncated.kind()).isEqualTo(OffsiteException.Kind.CORRUPT);
    assertThat(truncated.getMessage()).contains("truncated");
    assertThat(tampered.kind()).isEqualTo(OffsiteException.Kind.CORRUPT);
    assertThat(tampered.getMessage()).containsAnyOf("MAC does not match", "altered");
    assertThat(ok.files()).isGreaterThan(5);
  }

  @Test
  void aTamperedElasticsearchMirrorFileOfAPassphraseCopyIsRefusedAndNothingIsPlaced() throws Exception {
    Map<String, String> env = env();
    env.put("BACKUP_ENCRYPTION_PASSPHRASE", OffsiteFixture.PASSPHRASE);
    OffsiteFixture.offsite(OffsiteFixture.settings(env), store, listener, Retry.none()).push(DAY.value());
    Path mirrorFile;
    try (var files = Files.walk(fx.remoteDir.resolve("_elasticsearch"))) {
      mirrorFile = files.filter(f -> f.toString().endsWith(".enc")).max(java.util.Comparator.comparingLong(
          f -> f.toFile().length())).orElseThrow();
    }
    byte[] bad = Files.readAllBytes(mirrorFile);
    bad[bad.length - 40] ^= 0x01;
    Files.write(mirrorFile, bad);
    Path there = tmp.resolve("there");
    Map<String, String> thereEnv = fx.env(there);
    thereEnv.put("BACKUP_ENCRYPTION_PASSPHRASE", OffsiteFixture.PASSPHRASE);

    OffsiteException e = pullFails(thereEnv, there);

    assertThat(e.kind()).isEqualTo(OffsiteException.Kind.CORRUPT);
    assertThat(e.getMessage()).contains("MAC does not match");
    assertThat(OffsiteFixture.tree(there)).isEmpty();
  }

  @Test
  void aTamperedPlainFileIsRefusedAndNothingIsPlaced() throws Exception {
    OffsiteFixture.offsite(OffsiteFixture.settings(env()), store, listener, Retry.none()).push(DAY.value());
    Path file = fx.remoteDir.resolve(DAY + "/mongo/user-mgnt-" + DAY + ".gz");
    byte[] bad = Files.readAllBytes(file);
    bad[100] ^= 0x01;
    Files.write(file, bad);
    Path there = tmp.resolve("there");

    OffsiteException e = pullFails(fx.env(there), there);

    assertThat(e.kind()).isEqualTo(OffsiteException.Kind.CORRUPT);
    assertThat(e.getMessage()).contains("mongo/user-mgnt-" + DAY + ".gz does not match its manifest");
    assertThat(OffsiteFixture.tree(there)).isEmpty();
  }

  @Test
  void aLocalFileDamagedSinceItsManifestIsNotCopiedAsGood() throws Exception {
    Path archive = here.resolve("mongo/user-mgnt-" + DAY + ".gz");
    byte[] b = Files.readAllBytes(archive);
    b[b.length / 2] ^= 0x04;
    Files.write(archive, b);
    before = OffsiteFixture.tree(here);
    Map<String, String> encrypted = env();
    encrypted.put("BACKUP_ENCRYPTION_PASSPHRASE", OffsiteFixture.PASSPHRASE);

    OffsiteException plain = pushFails(env());
    OffsiteException bundle = pushFails(encrypted);

    for (OffsiteException e : List.of(plain, bundle)) {
      assertThat(e.kind()).isEqualTo(OffsiteException.Kind.LOCAL);
      assertThat(e.getMessage()).contains("user-mgnt-" + DAY + ".gz").contains("damaged; run crvs-backup verify");
    }
    assertThat(fx.remoteDir.resolve(DAY + "/mongo/user-mgnt-" + DAY + ".gz")).doesNotExist();
    assertThat(fx.remoteDir.resolve(DAY + "/" + RemoteLayout.SET_MANIFEST)).doesNotExist();
  }

  private OffsiteException pullFails(Map<String, String> env, Path dir) throws Exception {
    BackupStore s = OffsiteFixture.store(dir);
    Settings settings = OffsiteFixture.settings(env);
    return catchThrowableOfType(OffsiteException.class,
        () -> OffsiteFixture.offsite(settings, s, listener, Retry.none()).pull(DAY.value()));
  }
}
