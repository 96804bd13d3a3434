package io.crvsbackup.offsite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.crvsbackup.config.Settings;
import io.crvsbackup.env.TestEnv;
import io.crvsbackup.store.BackupStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backup server's host key: an unknown key and a changed key are refused with the fingerprint the server
 * presented; a pinned fingerprint works alone; with both sources, both must accept the key.
 */
class HostKeyIT {
  @TempDir Path tmp;
  private OffsiteFixture fx;
  private BackupStore store;
  private String seen;

  @BeforeEach
  void setUp() throws Exception {
    fx = new OffsiteFixture(tmp);
    store = OffsiteFixture.store(tmp.resolve("here"));
    // the server's own key, as ssh-keygen -lf prints it: the fingerprint a refusal must show
    String line = Files.readAllLines(Path.of(TestEnv.require("SSH_KNOWN_HOSTS"))).stream()
        .filter(l -> l.contains("ssh-ed25519")).findFirst().orElseThrow();
    seen = HostKeyCheck.fingerprint(java.util.Base64.getDecoder().decode(line.trim().split("\\s+")[2]));
  }

  @AfterEach
  void tearDown() throws Exception {
    OffsiteFixture.deleteTree(tmp.resolve("server"));
  }

  private OffsiteException listWith(Map<String, String> env) throws Exception {
    Settings s = OffsiteFixture.settings(env);
    return catchThrowableOfType(OffsiteException.class,
        () -> OffsiteFixture.offsite(s, store, OffsiteListener.NONE, Retry.none()).list());
  }

  @Test
  void theRealKeyFromKnownHostsIsAccepted() throws Exception {
    Settings s = OffsiteFixture.settings(fx.env(tmp.resolve("here")));

    assertThat(OffsiteFixture.offsite(s, store, OffsiteListener.NONE, Retry.none()).list()).isEmpty();
  }

  @Test
  void anUnknownHostIsRefusedShowingTheKeySeen() throws Exception {
    Path empty = Files.writeString(tmp.resolve("known_hosts"), "# nothing known\n");
    Map<String, String> env = fx.env(tmp.resolve("here"));
    env.put("EXTERNAL_BACKUP_KNOWN_HOSTS", empty.toString());

    OffsiteException e = listWith(env);

    assertThat(e.kind()).isEqualTo(OffsiteException.Kind.HOST_KEY);
    assertThat(e.badInput()).isTrue();
    assertThat(e.getMessage()).contains("ssh-ed25519 " + seen).contains("has no ssh-ed25519 key for")
        .contains("never accepts");
    assertThat(Files.exists(fx.remoteDir)).isFalse();
  }

  @Test
  void aChangedKeyIsRefusedShowingBothKeys() throws Exception {
    // known_hosts that holds another ed25519 key for [host]:port, as after a reinstall or an attack
    Path other = tmp.resolve("other_key");
    Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", other.toString())
        .redirectErrorStream(true).start();
    assertThat(p.waitFor()).isZero();
    String pub = Files.readString(Path.of(other + ".pub")).trim().split("\\s+")[1];
    String host = "[" + TestEnv.require("SSH_HOST") + "]:" + TestEnv.require("SSH_PORT");
    Path known = Files.writeString(tmp.resolve("known_hosts"), host + " ssh-ed25519 " + pub + "\n");
    Map<String, String> env = fx.env(tmp.resolve("here"));
    env.put("EXTERNAL_BACKUP_KNOWN_HOSTS", known.toString());

    OffsiteException e = listWith(env);

    assertThat(e.kind()).isEqualTo(OffsiteException.Kind.HOST_KEY);
    assertThat(e.getMessage()).contains("THE HOST KEY HAS CHANGED").contains("ssh-ed25519 " + seen)
        .contains(HostKeyCheck.fingerprint(java.util.Base64.getDecoder().decode(pub)));
  }

  @Test
  void aPinnedFingerprintAloneIsEnough() throws Exception {
    Map<String, String> env = fx.env(tmp.resolve("here"));
    env.remove("EXTERNAL_BACKUP_KNOWN_HOSTS");
    env.put("EXTERNAL_BACKUP_HOST_KEY_FINGERPRINT", seen);
    Settings s = OffsiteFixture.settings(env);

    assertThat(OffsiteFixture.offsite(s, store, OffsiteListener.NONE, Retry.none()).list()).isEmpty();
  }

  @Test
  void aWrongFingerprintIsRefusedEvenWhenKnownHostsAgrees() throws Exception {
    Map<String, String> env = fx.env(tmp.resolve("here"));
    env.put("EXTERNAL_BACKUP_HOST_KEY_FINGERPRINT", "SHA256:" + "A".repeat(43));

    OffsiteException e = listWith(env);

    assertThat(e.kind()).isEqualTo(OffsiteException.Kind.HOST_KEY);
    assertThat(e.getMessage()).contains("EXTERNAL_BACKUP_HOST_KEY_FINGERPRINT is SHA256:AAAA").contains(seen);
  }

  @Test
  void aMissingKnownHostsFileIsNamed() throws Exception {
    Map<String, String> env = fx.env(tmp.resolve("here"));
    env.put("EXTERNAL_BACKUP_KNOWN_HOSTS", tmp.resolve("no-such-file").toString());

    OffsiteException e = listWith(env);

    assertThat(e.kind()).isEqualTo(OffsiteException.Kind.HOST_KEY);
    assertThat(e.getMessage()).contains("no-such-file does not exist");
  }
}
