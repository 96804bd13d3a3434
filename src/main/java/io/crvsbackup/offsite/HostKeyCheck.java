package io.crvsbackup.offsite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;

/**
 * Checks the backup server's host key against a known_hosts file, a pinned SHA256 fingerprint, or both
 * (then both must accept it). An unknown or changed key is refused; there is no way to accept it. The
 * refusal says which key the server presented, as {@code ssh-keygen -lf} prints its fingerprint, so that
 * an operator can compare it with the server's own.
 */
final class HostKeyCheck implements HostKeyVerifier {
  private final Optional<Recorder> knownHosts;
  private final Optional<String> fingerprint;
  private volatile String refusal;

  private HostKeyCheck(Optional<Recorder> knownHosts, Optional<String> fingerprint) {
    this.knownHosts = knownHosts;
    this.fingerprint = fingerprint;
  }

  /**
   * @throws OffsiteException when the known_hosts file cannot be read
   */
  static HostKeyCheck of(Optional<Path> knownHosts, Optional<String> fingerprint) throws OffsiteException {
    Optional<Recorder> kh = Optional.empty();
    if (knownHosts.isPresent()) {
      Path f = knownHosts.get();
      if (!Files.isRegularFile(f) || !Files.isReadable(f)) {
        throw new OffsiteException(OffsiteException.Kind.HOST_KEY, "EXTERNAL_BACKUP_KNOWN_HOSTS " + f
            + (Files.exists(f) ? " cannot be read" : " does not exist")
            + "; it must hold the backup server's host key (ssh-keyscan output checked against the server)");
      }
      try {
        kh = Optional.of(new Recorder(f));
      } catch (IOException e) {
        throw new OffsiteException(OffsiteException.Kind.HOST_KEY,
            "cannot read EXTERNAL_BACKUP_KNOWN_HOSTS " + f + ": " + e.getMessage(), e);
      }
    }
    return new HostKeyCheck(kh, fingerprint);
  }

  /** Why the last key was refused, or null when none was. */
  String refusal() {
    return refusal;
  }

  @Override
  public boolean verify(String host, int port, PublicKey key) {
    String seen = KeyType.fromKey(key) + " " + fingerprint(key);
    List<String> why = new ArrayList<>();
    knownHosts.ifPresent(k -> k.verdict = null);
    if (knownHosts.isPresent() && !knownHosts.get().verify(host, port, key)) {
      why.add(knownHosts.get().verdict == null ? "EXTERNAL_BACKUP_KNOWN_HOSTS refuses it (a revoked key?)"
          : knownHosts.get().verdict);
    }
    if (fingerprint.isPresent() && !fingerprint.get().equals(fingerprint(key))) {
      why.add("EXTERNAL_BACKUP_HOST_KEY_FINGERPRINT is " + fingerprint.get());
    }
    if (why.isEmpty()) {
      return true;
    }
    refusal = "refused the host key of " + (port == 22 ? host : "[" + host + "]:" + port) + ": the server presents "
        + seen + ", but " + String.join("; and ", why) + ". Compare it with the key on the backup server"
        + " (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub there); if it is the server's, put it in the known_hosts"
        + " file or the fingerprint variable. crvs-backup never accepts a key it cannot check.";
    return false;
  }

  @Override
  public List<String> findExistingAlgorithms(String host, int port) {
    return knownHosts.map(k -> k.findExistingAlgorithms(host, port)).orElse(List.of());
  }

  /** SHA256:base64 of the key's SSH encoding, as OpenSSH prints it. */
  static String fingerprint(PublicKey key) {
    return fingerprint(new Buffer.PlainBuffer().putPublicKey(key).getCompactData());
  }

  static String fingerprint(byte[] blob) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(blob);
      return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** sshj's known_hosts reader, recording why it refused instead of only logging it. */
  private static final class Recorder extends OpenSSHKnownHosts {
    private final Path file;
    private volatile String verdict;

    Recorder(Path file) throws IOException {
      super(file.toFile());
      this.file = file;
    }

    @Override
    protected boolean hostKeyUnverifiableAction(String hostname, PublicKey key) {
      verdict = "EXTERNAL_BACKUP_KNOWN_HOSTS " + file + " has no " + KeyType.fromKey(key) + " key for " + hostname;
      return false;
    }

    @Override
    protected boolean hostKeyChangedAction(String hostname, PublicKey key) {
      List<String> known = new ArrayList<>();
      for (KnownHostEntry e : entries()) {
        try {
          if (e.appliesTo(KeyType.fromKey(key), hostname)) {
            known.add(lineFingerprint(e.getLine()));
          }
        } catch (IOException | RuntimeException ex) {
          // an entry that cannot be matched is not one of the known keys
        }
      }
      verdict = "THE HOST KEY HAS CHANGED: EXTERNAL_BACKUP_KNOWN_HOSTS " + file + " holds " + String.join(", ", known)
          + " for " + hostname + " (someone may be intercepting the connection, or the server was reinstalled)";
      return false;
    }

    private static String lineFingerprint(String line) {
      String[] f = line.trim().split("\\s+");
      int i = f[0].startsWith("@") ? 1 : 0;
      try {
        return f[i + 1] + " " + fingerprint(Base64.getDecoder().decode(f[i + 2]));
      } catch (RuntimeException e) {
        return "an unreadable key";
      }
    }
  }
}
