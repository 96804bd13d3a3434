package io.crvsbackup.offsite;

import java.io.IOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** Commands for the backup server's shell, quoted so that no path can break out, and their output. */
final class RemoteShell {
  private RemoteShell() {}

  /** POSIX single quotes: {@code it's} becomes {@code 'it'\''s'}. */
  static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  /** coreutils; prints {@code <hex>  <path>}. */
  static final String SHA256SUM = "sha256sum";
  /** OpenSSL; with {@code -r} it prints {@code <hex> *<path>}, which parses the same. */
  static final String OPENSSL_SHA256 = "openssl dgst -sha256 -r";

  static String sha256sum(Collection<String> paths) {
    return hash(SHA256SUM, paths);
  }

  static String hash(String tool, Collection<String> paths) {
    StringBuilder sb = new StringBuilder(tool).append(" --");
    for (String p : paths) {
      sb.append(' ').append(quote(p));
    }
    return sb.toString();
  }

  /** One command for the sizes and the hashes: {@code stat} prints one size per line first, in order. */
  static String statAndSha256sum(String tool, Collection<String> paths) {
    StringBuilder sb = new StringBuilder("stat -c %s --");
    for (String p : paths) {
      sb.append(' ').append(quote(p));
    }
    return sb.append(" && ").append(hash(tool, paths)).toString();
  }

  /** Parses what {@link #statAndSha256sum} prints. */
  static Map<String, Remote.Checked> parseStatAndSha256sum(String output, List<String> paths) throws IOException {
    String[] lines = output.split("\n", -1);
    if (lines.length < paths.size()) {
      throw new IOException("stat on the backup server printed " + lines.length + " lines for " + paths.size()
          + " files");
    }
    StringBuilder rest = new StringBuilder();
    for (int i = paths.size(); i < lines.length; i++) {
      rest.append(lines[i]).append('\n');
    }
    Map<String, String> shas = parseSha256sum(rest.toString(), paths);
    Map<String, Remote.Checked> out = new HashMap<>();
    for (int i = 0; i < paths.size(); i++) {
      try {
        out.put(paths.get(i), new Remote.Checked(Long.parseLong(lines[i].trim()), shas.get(paths.get(i))));
      } catch (NumberFormatException e) {
        throw new IOException("stat on the backup server printed '" + lines[i] + "' as a size");
      }
    }
    return out;
  }

  /** Parses {@code <hex>  <path>} lines into path to hex, checking every path was hashed. */
  static Map<String, String> parseSha256sum(String output, Collection<String> paths) throws IOException {
    Map<String, String> out = new HashMap<>();
    for (String line : output.split("\n")) {
      if (line.length() > 66 && line.charAt(64) == ' ') {
        out.put(line.substring(66), line.substring(0, 64));
      }
    }
    for (String p : paths) {
      if (!out.containsKey(p)) {
        throw new IOException("sha256sum on the backup server gave no hash for " + p);
      }
    }
    return out;
  }

  static String df(String dir) {
    return "df -Pk " + quote(dir);
  }

  /** The "Available" column (KiB) of {@code df -Pk}'s second line, in bytes. */
  static OptionalLong parseDf(String output) {
    String[] lines = output.trim().split("\n");
    if (lines.length < 2) {
      return OptionalLong.empty();
    }
    String[] f = lines[lines.length - 1].trim().split("\\s+");
    try {
      return f.length >= 4 ? OptionalLong.of(Long.parseLong(f[3]) * 1024) : OptionalLong.empty();
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }
}
