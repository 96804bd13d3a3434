package io.crvsbackup.offsite;

import io.crvsbackup.config.Secret;
import io.crvsbackup.config.Settings;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.Factory;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.transport.cipher.Cipher;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;

/**
 * Opens the SSH connection to the backup server: checks the key file, the host key (never accepting an
 * unknown one), logs in, and opens SFTP. Each failure becomes an {@link OffsiteException} that names the
 * server and says what to do.
 */
final class SshConnector {
  private static final int CONNECT_TIMEOUT_MS = 30_000;
  private static final int SOCKET_TIMEOUT_MS = 300_000;

  private SshConnector() {}

  static Remote connect(Settings.OffsiteServer server, Optional<Secret> keyPassphrase) throws OffsiteException {
    String where = server.user() + "@" + hostPort(server);
    HostKeyCheck hostKeys = HostKeyCheck.of(server.knownHosts(), server.hostKeyFingerprint());
    SSHClient ssh = new SSHClient(config());
    boolean ok = false;
    try {
      KeyProvider keys = KeyFiles.load(ssh, server.keyFile(), keyPassphrase);
      ssh.addHostKeyVerifier(hostKeys);
      ssh.setSocketFactory(new NoDelaySockets());
      ssh.setConnectTimeout(CONNECT_TIMEOUT_MS);
      ssh.setTimeout(SOCKET_TIMEOUT_MS);
      try {
        ssh.connect(server.host(), server.port());
      } catch (UnknownHostException e) {
        throw new OffsiteException(OffsiteException.Kind.UNREACHABLE, "cannot reach the backup server "
            + hostPort(server) + ": the name " + server.host() + " does not resolve (EXTERNAL_BACKUP_HOST)", e);
      } catch (ConnectException | NoRouteToHostException | SocketTimeoutException e) {
        throw new OffsiteException(OffsiteException.Kind.UNREACHABLE, "cannot reach the backup server "
            + hostPort(server) + ": " + e.getMessage() + " (is it up, and is EXTERNAL_BACKUP_PORT its SSH port?)", e);
      } catch (TransportException e) {
        if (hostKeys.refusal() != null) {
          throw new OffsiteException(OffsiteException.Kind.HOST_KEY, "SSH to " + hostPort(server) + " "
              + hostKeys.refusal());
        }
        throw new OffsiteException(OffsiteException.Kind.UNREACHABLE, "SSH to " + hostPort(server)
            + " failed before login: " + e.getMessage(), e);
      }
      try {
        ssh.authPublickey(server.user(), keys);
      } catch (UserAuthException e) {
        throw new OffsiteException(OffsiteException.Kind.AUTH, "the backup server " + hostPort(server)
            + " refused the login of user " + server.user() + " with the key " + server.keyFile() + " ("
            + keys.getType() + " " + HostKeyCheck.fingerprint(keys.getPublic()) + "); add its public key to"
            + " ~" + server.user() + "/.ssh/authorized_keys there, or check EXTERNAL_BACKUP_USER", e);
      }
      ssh.getConnection().getKeepAlive().setKeepAliveInterval(30);
      Remote remote = SftpRemote.open(ssh, where);
      ok = true;
      return remote;
    } catch (IOException e) {
      throw new OffsiteException(OffsiteException.Kind.UNREACHABLE, "cannot open SFTP on the backup server "
          + where + ": " + e.getMessage() + " (does it allow the sftp subsystem?)", e);
    } finally {
      if (!ok) {
        try {
          ssh.close();
        } catch (IOException e) {
          // the connection failed already; its error is the one that matters
        }
      }
    }
  }

  static String hostPort(Settings.OffsiteServer s) {
    return (s.host().contains(":") ? "[" + s.host() + "]" : s.host()) + ":" + s.port();
  }

  /** sshj's defaults, with AES-GCM on the JDK's provider first, and no CBC or arcfour. */
  private static DefaultConfig config() {
    DefaultConfig config = new DefaultConfig();
    List<Factory.Named<Cipher>> ciphers = new ArrayList<>();
    ciphers.add(JdkGcmCipher.factory("aes128-gcm@openssh.com", 16));
    ciphers.add(JdkGcmCipher.factory("aes256-gcm@openssh.com", 32));
    for (Factory.Named<Cipher> c : config.getCipherFactories()) {
      String n = c.getName();
      if ((n.startsWith("chacha20") || n.endsWith("-ctr")) && !n.startsWith("blowfish") && !n.startsWith("3des")) {
        ciphers.add(c);
      }
    }
    config.setCipherFactories(ciphers);
    return config;
  }
}
