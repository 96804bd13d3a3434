package io.crvsbackup.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads and validates the offsite variables ({@code EXTERNAL_BACKUP_*}, {@code BACKUP_ENCRYPTION_*}) for
 * {@link ConfigLoader}. The rules:
 *
 * <ul>
 *   <li>with {@code EXTERNAL_BACKUP_HOST}: the user, the folder, the key file and a host-key source are
 *       required. The host-key source is {@code EXTERNAL_BACKUP_KNOWN_HOSTS}, {@code
 *       EXTERNAL_BACKUP_HOST_KEY_FINGERPRINT}, or both (then the server's key must satisfy both); there is
 *       no way to accept an unknown key;
 *   <li>without it, setting any other {@code EXTERNAL_BACKUP_*} variable is a mistake worth reporting (a
 *       misspelt host would otherwise turn offsite copies off silently);
 *   <li>the passphrase must be one line ({@code openssl -pass file:} reads only the first line);
 *   <li>recipients must look like age X25519 recipients; their checksums and the identity's content are
 *       checked when they are used, by the offsite package.
 * </ul>
 *
 * Files (key, known_hosts) are not opened here: a broken offsite setup must not stop a local restore.
 */
final class OffsiteLoader {
  private static final Pattern HOST =
      Pattern.compile("[a-zA-Z0-9]([a-zA-Z0-9.-]*[a-zA-Z0-9])?|\\[[0-9a-fA-F:.]+]|[0-9a-fA-F.]*:[0-9a-fA-F:.]+");
  private static final Pattern USER = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}");
  private static final Pattern FINGERPRINT = Pattern.compile("SHA256:[A-Za-z0-9+/]{43}");
  private static final Pattern RECIPIENT = Pattern.compile("age1[qpzry9x8gf2tvdw0s3jn54khce6mua7l]{58}");
  static final int MAX_RETENTION = 3650;

  private OffsiteLoader() {}

  static Optional<Secret> passphrase(EnvReader in) {
    Optional<Secret> passphrase = in.readSecret(Variables.BACKUP_ENCRYPTION_PASSPHRASE);
    if (passphrase.isPresent()
        && (passphrase.get().reveal().indexOf('\n') >= 0 || passphrase.get().reveal().indexOf('\r') >= 0)) {
      in.problem(Variables.BACKUP_ENCRYPTION_PASSPHRASE,
          "must be a single line: openssl enc -pass file: reads only the first line, so copies made with it could"
              + " not be decrypted by openssl");
      return Optional.empty();
    }
    return passphrase;
  }

  static Settings.Offsite offsite(EnvReader in) {
    Optional<String> host = in.read(Variables.EXTERNAL_BACKUP_HOST);
    Optional<String> port = in.read(Variables.EXTERNAL_BACKUP_PORT);
    Optional<String> user = in.read(Variables.EXTERNAL_BACKUP_USER);
    Optional<String> dir = in.read(Variables.EXTERNAL_BACKUP_DIR);
    Optional<String> keyFile = in.read(Variables.EXTERNAL_BACKUP_SSH_KEY_FILE);
    Optional<String> knownHosts = in.read(Variables.EXTERNAL_BACKUP_KNOWN_HOSTS);
    Optional<String> fingerprint = in.read(Variables.EXTERNAL_BACKUP_HOST_KEY_FINGERPRINT);
    Optional<String> retention = in.read(Variables.EXTERNAL_BACKUP_RETENTION);
    List<String> recipients = recipients(in);
    Optional<Secret> identity = in.readSecret(Variables.BACKUP_ENCRYPTION_IDENTITY);
    Optional<Secret> keyPassphrase = in.readSecret(Variables.EXTERNAL_BACKUP_SSH_KEY_PASSPHRASE);
    int keep = number(in, Variables.EXTERNAL_BACKUP_RETENTION, retention, 1, MAX_RETENTION);
    int portNumber = number(in, Variables.EXTERNAL_BACKUP_PORT, port, 1, 65535);
    if (host.isEmpty()) {
      String why = "is set but EXTERNAL_BACKUP_HOST is not, so there are no offsite copies;"
          + " set EXTERNAL_BACKUP_HOST or remove it";
      Map<Variable, Optional<String>> given = new LinkedHashMap<>();
      given.put(Variables.EXTERNAL_BACKUP_PORT, port);
      given.put(Variables.EXTERNAL_BACKUP_USER, user);
      given.put(Variables.EXTERNAL_BACKUP_DIR, dir);
      given.put(Variables.EXTERNAL_BACKUP_SSH_KEY_FILE, keyFile);
      given.put(Variables.EXTERNAL_BACKUP_KNOWN_HOSTS, knownHosts);
      given.put(Variables.EXTERNAL_BACKUP_HOST_KEY_FINGERPRINT, fingerprint);
      given.put(Variables.EXTERNAL_BACKUP_RETENTION, retention);
      given.forEach((variable, value) -> value.ifPresent(x -> in.problem(variable, why)));
      return new Settings.Offsite(Optional.empty(), keep, recipients, identity, keyPassphrase);
    }
    String h = host.get();
    if (!HOST.matcher(h).matches()) {
      in.problem(Variables.EXTERNAL_BACKUP_HOST, "'" + h + "' is not a host name or IP address (no user@ or :port;"
          + " use EXTERNAL_BACKUP_USER and EXTERNAL_BACKUP_PORT)");
    }
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    String required = "is required when EXTERNAL_BACKUP_HOST is set";
    if (user.isEmpty()) {
      in.problem(Variables.EXTERNAL_BACKUP_USER, required);
    } else if (!USER.matcher(user.get()).matches()) {
      in.problem(Variables.EXTERNAL_BACKUP_USER, "'" + user.get() + "' is not a user name (letters, digits, '_', '.', '-')");
    }
    Optional<String> remoteDir = dir.isEmpty() ? Optional.empty() : remoteDir(in, dir.get());
    if (dir.isEmpty()) {
      in.problem(Variables.EXTERNAL_BACKUP_DIR, required + " (for example /home/backup/opencrvs)");
    }
    Optional<Path> key = keyFile.flatMap(k -> absolutePath(in, Variables.EXTERNAL_BACKUP_SSH_KEY_FILE, k));
    if (keyFile.isEmpty()) {
      in.problem(Variables.EXTERNAL_BACKUP_SSH_KEY_FILE, required + " (a private key file, for example a Docker secret)");
    }
    Optional<Path> known = knownHosts.flatMap(k -> absolutePath(in, Variables.EXTERNAL_BACKUP_KNOWN_HOSTS, k));
    Optional<String> print = fingerprint.flatMap(f -> fingerprint(in, f));
    if (knownHosts.isEmpty() && fingerprint.isEmpty()) {
      in.problem(Variables.EXTERNAL_BACKUP_KNOWN_HOSTS,
          "or EXTERNAL_BACKUP_HOST_KEY_FINGERPRINT is required when EXTERNAL_BACKUP_HOST is set: crvs-backup never"
              + " accepts a host key it cannot check (get the fingerprint on the backup server with"
              + " ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub)");
    }
    if (user.isEmpty() || remoteDir.isEmpty() || key.isEmpty() || (known.isEmpty() && print.isEmpty())) {
      return new Settings.Offsite(Optional.empty(), keep, recipients, identity, keyPassphrase);
    }
    return new Settings.Offsite(
        Optional.of(new Settings.OffsiteServer(h, portNumber, user.get(), remoteDir.get(), key.get(), known, print)),
        keep, recipients, identity, keyPassphrase);
  }

  private static int number(EnvReader in, Variable v, Optional<String> value, int min, int max) {
    int fallback = Integer.parseInt(v.defaultValue());
    if (value.isEmpty()) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(value.get());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    in.problem(v, "'" + value.get() + "' is not a whole number from " + min + " to " + max + " (default "
        + v.defaultValue() + ")");
    return fallback;
  }

  private static Optional<String> remoteDir(EnvReader in, String value) {
    String d = value.replaceAll("/{2,}", "/");
    if (d.length() > 1 && d.endsWith("/")) {
      d = d.substring(0, d.length() - 1);
    }
    boolean control = d.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
    boolean dots = List.of(d.split("/")).stream().anyMatch(p -> p.equals("..") || p.equals("."));
    if (!d.startsWith("/") || d.equals("/") || control || dots) {
      in.problem(Variables.EXTERNAL_BACKUP_DIR, "'" + value.replaceAll("\\p{Cntrl}", "?") + "' is not an absolute"
          + " folder on the backup server (for example /home/backup/opencrvs; not /, no . or .. parts)");
      return Optional.empty();
    }
    return Optional.of(d);
  }

  private static Optional<Path> absolutePath(EnvReader in, Variable v, String value) {
    try {
      Path p = Path.of(value);
      if (p.isAbsolute()) {
        return Optional.of(p.normalize());
      }
    } catch (InvalidPathException e) {
      // reported below
    }
    in.problem(v, "'" + value + "' is not an absolute path (for example /run/secrets/" + (
        v == Variables.EXTERNAL_BACKUP_KNOWN_HOSTS ? "backup-known-hosts" : "backup-ssh-key") + ")");
    return Optional.empty();
  }

  private static Optional<String> fingerprint(EnvReader in, String value) {
    String f = value.replaceAll("=+$", "");
    if (f.regionMatches(true, 0, "SHA256:", 0, 7)) {
      f = "SHA256:" + f.substring(7);
    }
    if (!FINGERPRINT.matcher(f).matches()) {
      in.problem(Variables.EXTERNAL_BACKUP_HOST_KEY_FINGERPRINT, "'" + value + "' is not a SHA256 host-key fingerprint"
          + " (SHA256: and 43 base64 characters, as ssh-keygen -lf -E sha256 prints it; MD5 fingerprints are not"
          + " accepted)");
      return Optional.empty();
    }
    return Optional.of(f);
  }

  private static List<String> recipients(EnvReader in) {
    Optional<String> value = in.read(Variables.BACKUP_ENCRYPTION_RECIPIENTS);
    if (value.isEmpty()) {
      return List.of();
    }
    if (value.get().contains("ssh-")) {
      in.problem(Variables.BACKUP_ENCRYPTION_RECIPIENTS, "holds an SSH key; only age X25519 recipients (age1...,"
          + " from age-keygen) are supported");
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (String raw : value.get().split("[,\\s]+")) {
      if (raw.isEmpty()) {
        continue;
      }
      String r = raw.equals(raw.toUpperCase(Locale.ROOT)) ? raw.toLowerCase(Locale.ROOT) : raw;
      if (RECIPIENT.matcher(r).matches()) {
        if (!out.contains(r)) {
          out.add(r);
        }
      } else {
        in.problem(Variables.BACKUP_ENCRYPTION_RECIPIENTS, "'" + raw + "' is not an age recipient (age1 and 58"
            + " more characters, as age-keygen prints it as its public key)");
      }
    }
    return List.copyOf(out);
  }
}
