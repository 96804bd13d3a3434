package io.crvsbackup.offsite;

import io.crvsbackup.config.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.userauth.keyprovider.KeyFormat;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;
import net.schmizz.sshj.userauth.keyprovider.KeyProviderUtil;
import net.schmizz.sshj.userauth.password.PasswordUtils;

/**
 * Loads the SSH private key and checks it before any connection, as OpenSSH does: it must exist, be
 * readable by its owner only (0600 or 0400; a Docker secret needs {@code mode: 0400}), be a private key
 * in a known format (OpenSSH, PEM/PKCS#8, PuTTY), and open with the passphrase when it has one.
 */
final class KeyFiles {
  private static final long MAX_KEY_BYTES = 64 * 1024;
  private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
      PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

  private KeyFiles() {}

  static KeyProvider load(SSHClient ssh, Path file, Optional<Secret> passphrase) throws OffsiteException {
    String name = "EXTERNAL_BACKUP_SSH_KEY_FILE " + file;
    if (!Files.exists(file)) {
      throw keyFile(name + " does not exist (mount the key, for example as a Docker secret)");
    }
    if (!Files.isRegularFile(file)) {
      throw keyFile(name + " is not a file");
    }
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      if (perms.stream().anyMatch(OTHERS::contains)) {
        throw keyFile(name + " has permissions " + mode(perms) + ": a private key must be readable by its owner"
            + " only; chmod 600 " + file + " (for a Docker secret, set mode: 0400)");
      }
    } catch (UnsupportedOperationException | IOException e) {
      // no POSIX permissions on this file system: nothing to check
    }
    String text;
    try {
      if (!Files.isReadable(file) || Files.size(file) > MAX_KEY_BYTES) {
        throw keyFile(name + (Files.isReadable(file) ? " is too large to be a private key" : " cannot be read"));
      }
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw keyFile(name + " cannot be read: " + e.getMessage());
    }
    if (text.startsWith("ssh-") || text.startsWith("ecdsa-")) {
      throw keyFile(name + " is a public key; give the private key (the file without .pub)");
    }
    try {
      KeyFormat format = KeyProviderUtil.detectKeyFileFormat(text, false);
      if (format == KeyFormat.Unknown) {
        throw keyFile(name + " is not a private key in a format crvs-backup reads (OpenSSH, PEM, PKCS#8 or PuTTY)");
      }
      KeyProvider keys = passphrase.isPresent()
          ? ssh.loadKeys(file.toString(), PasswordUtils.createOneOff(passphrase.get().reveal().toCharArray()))
          : ssh.loadKeys(file.toString());
      keys.getPrivate();
      keys.getPublic();
      return keys;
    } catch (OffsiteException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      String msg = String.valueOf(e.getMessage());
      boolean encrypted = text.contains("ENCRYPTED") || isEncryptedOpenssh(text) || msg.contains("encrypted")
          || e.getClass().getSimpleName().contains("Decryption") || msg.contains("passphrase");
      if (encrypted && passphrase.isEmpty()) {
        throw keyFile(name + " is protected by a passphrase: set EXTERNAL_BACKUP_SSH_KEY_PASSPHRASE (or _FILE)");
      }
      if (encrypted) {
        throw keyFile(name + " does not open with EXTERNAL_BACKUP_SSH_KEY_PASSPHRASE: the passphrase is wrong");
      }
      throw keyFile(name + " is not a readable private key: " + e.getClass().getSimpleName());
    }
  }

  private static boolean isEncryptedOpenssh(String text) {
    // An OpenSSH key names its cipher near the start of its base64 body; "none" when it is not encrypted.
    int start = text.indexOf("-----BEGIN OPENSSH PRIVATE KEY-----");
    if (start < 0) {
      return false;
    }
    String body = text.substring(start + 35).replaceAll("-----END.*", "").replaceAll("\\s", "");
    try {
      byte[] b = java.util.Base64.getDecoder().decode(body.substring(0, Math.min(body.length(), 80)));
      return !new String(b, StandardCharsets.ISO_8859_1).contains("none");
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static String mode(Set<PosixFilePermission> perms) {
    int m = 0;
    for (PosixFilePermission p : perms) {
      m |= 1 << (8 - p.ordinal());
    }
    return String.format("0%03o", m);
  }

  private static OffsiteException keyFile(String message) {
    return new OffsiteException(OffsiteException.Kind.KEY_FILE, message);
  }
}
