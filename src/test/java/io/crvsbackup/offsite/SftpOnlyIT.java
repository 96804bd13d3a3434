package io.crvsbackup.offsite;

import static org.assertj.core.api.Assertions.assertThat;

import io.crvsbackup.config.Settings;
import io.crvsbackup.env.TestEnv;
import io.crvsbackup.store.BackupStore;
import io.crvsbackup.store.Label;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup server that allows SFTP only ({@code ForceCommand internal-sftp}, as a locked-down backup account
 * often is): no sha256sum, so every copy is checked by reading it back. The server is a second real sshd
 * that this test starts on a free loopback port, with its own host key (pinned by fingerprint) and the
 * client key of scripts/test-env.
 */
class SftpOnlyIT {
  private static final Label DAY = new Label("2026-11-25");
  @TempDir Path tmp;
  private OffsiteFixture fx;
  private Path sshd;
  private int port;
  private String fingerprint;

  @BeforeEach
  void startSftpOnlyServer() throws Exception {
    fx = new OffsiteFixture(tmp);
    sshd = Files.createDirectories(tmp.resolve("sshd"));
    OffsiteBadInputIT.run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", sshd.resolve("host_key").toString());
    String pub = Files.readString(Path.of(TestEnv.require("SSH_KEY_FILE") + ".pub"));
    Files.writeString(sshd.resolve("authorized_keys"), pub);
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Files.writeString(sshd.resolve("sshd_config"), String.join("\n",
        "Port " + port, "ListenAddress 127.0.0.1", "HostKey " + sshd.resolve("host_key"),
        "PidFile " + sshd.resolve("sshd.pid"), "AuthorizedKeysFile " + sshd.resolve("authorized_keys"),
        "StrictModes no", "PasswordAuthentication no", "KbdInteractiveAuthentication no",
        "PermitRootLogin prohibit-password", "UsePAM no", "UseDNS no", "Subsystem sftp internal-sftp",
        "ForceCommand internal-sftp", ""));
    OffsiteBadInputIT.run("/usr/sbin/sshd", "-f", sshd.resolve("sshd_config").toString(), "-E",
        sshd.resolve("sshd.log").toString());
    String hostPub = Files.readString(sshd.resolve("host_key.pub")).trim().split("\\s+")[1];
    fingerprint = HostKeyCheck.fingerprint(java.util.Base64.getDecoder().decode(hostPub));
    for (int i = 0; i < 100 && !Files.exists(sshd.resolve("sshd.pid")); i++) {
      Thread.sleep(20);
    }
  }

  @AfterEach
  void stopServer() throws Exception {
    Path pid = sshd.resolve("sshd.pid");
    if (Files.exists(pid)) {
      long p = Long.parseLong(Files.readString(pid).trim());
      ProcessHandle.of(p).ifPresent(ProcessHandle::destroy);
    }
    OffsiteFixture.deleteTree(tmp.resolve("server"));
  }

  private Map<String, String> env(Path backupDir) {
    Map<String, String> env = fx.env(backupDir);
    env.put("EXTERNAL_BACKUP_PORT", Integer.toString(port));
    env.remove("EXTERNAL_BACKUP_KNOWN_HOSTS");
    env.put("EXTERNAL_BACKUP_HOST_KEY_FINGERPRINT", fingerprint);
    return env;
  }

  @Test
  void withoutCommandsEveryCopyIsCheckedByReadingItBack() throws Exception {
    Path here = tmp.resolve("here");
    BackupStore store = OffsiteFixture.store(here);
    OffsiteFixture.writeSet(store, DAY, Instant.parse("2026-11-25T00:00:05Z"), 2_000_000);
    Map<String, String> env = env(here);
    env.put("BACKUP_ENCRYPTION_PASSPHRASE", OffsiteFixture.PASSPHRASE);
    Settings settings = OffsiteFixture.settings(env);
    try (Remote remote = SshConnector.connect(settings.offsite().server().orElseThrow(), Optional.empty())) {
      assertThat(remote.execAllowed()).isFalse();
      assertThat(remote.available(fx.remoteDir.getParent().toString())).isPresent();
    }

    PushReport report = OffsiteFixture.offsite(settings, store, OffsiteListener.NONE, Retry.none())
        .pushAfterBackup(DAY);
    Path there = tmp.resolve("there");
    Map<String, String> thereEnv = env(there);
    thereEnv.put("BACKUP_ENCRYPTION_PASSPHRASE", OffsiteFixture.PASSPHRASE);
    PullReport pulled = OffsiteFixture.offsite(OffsiteFixture.settings(thereEnv), OffsiteFixture.store(there),
        OffsiteListener.NONE, Retry.none()).pull(DAY.value());

    assertThat(report.failed()).isEmpty();
    assertThat(report.pushed()).singleElement().satisfies(p -> assertThat(p.filesSent()).isEqualTo(5));
    assertThat(pulled.label()).isEqualTo(DAY);
    OffsiteFixture.assertSameFiles(here, there);
  }

  @Test
  void aResumedPlainPushChecksWhatIsThereByReadingItBack() throws Exception {
    Path here = tmp.resolve("here");
    BackupStore store = OffsiteFixture.store(here);
    OffsiteFixture.writeSet(store, DAY, Instant.parse("2026-11-25T00:00:05Z"), 1_000_000);
    Settings settings = OffsiteFixture.settings(env(here));
    OffsiteFixture.offsite(settings, store, OffsiteListener.NONE, Retry.none()).push(DAY.value());
    // as if the push had been cut short after its files but before its manifest
    Files.delete(fx.remoteDir.resolve(DAY + "/" + RemoteLayout.SET_MANIFEST));
    Files.writeString(fx.remoteDir.resolve(DAY + "/" + RemoteLayout.PUSHING), "pushing\n");

    PushReport.Pushed again = OffsiteFixture.offsite(settings, store, OffsiteListener.NONE, Retry.none())
        .push(DAY.value());

    assertThat(again.filesSent()).isZero();
    assertThat(again.filesKept()).isEqualTo(8 + 4);
  }
}
