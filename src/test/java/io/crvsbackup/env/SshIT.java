package io.crvsbackup.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.transport.TransportException;
import org.junit.jupiter.api.Test;

/** The sshd of scripts/test-env runs commands for our key, and its host key is checked. */
class SshIT {
  @Test
  void runsACommandWithAVerifiedHostKey() throws Exception {
    try (SSHClient ssh = new SSHClient()) {
      ssh.loadKnownHosts(new File(TestEnv.require("SSH_KNOWN_HOSTS")));
      ssh.connect(TestEnv.require("SSH_HOST"), Integer.parseInt(TestEnv.require("SSH_PORT")));
      ssh.authPublickey(TestEnv.require("SSH_USER"), TestEnv.require("SSH_KEY_FILE"));
      try (Session session = ssh.startSession()) {
        Session.Command cmd = session.exec("echo crvs-$((6*7))");
        String out = new String(cmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        cmd.join(10, TimeUnit.SECONDS);
        assertThat(out).isEqualTo("crvs-42");
        assertThat(cmd.getExitStatus()).isZero();
      }
    }
  }

  @Test
  void refusesAnUnknownHostKey() throws Exception {
    Path empty = Files.createTempFile("known_hosts", "");
    try (SSHClient ssh = new SSHClient()) {
      ssh.loadKnownHosts(empty.toFile());
      assertThatThrownBy(() -> ssh.connect(TestEnv.require("SSH_HOST"), Integer.parseInt(TestEnv.require("SSH_PORT"))))
          .isInstanceOf(TransportException.class)
          .hasMessageContaining("Could not verify");
    }
  }
}
