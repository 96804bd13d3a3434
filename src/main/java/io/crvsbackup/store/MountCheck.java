package io.crvsbackup.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Refuses a {@code BACKUP_DIR} that lives on a container's own filesystem ({@code
 * BACKUP_DIR_MUST_BE_MOUNTED=true}, which the image sets). When the bind mount of the host's backup
 * folder is forgotten, {@code /data/backups} still exists in the container (Docker or a mkdir made it),
 * backups "succeed" into the container's writable layer, fill the node's Docker disk and vanish with
 * the container. So the folder must be on a mount of its own: a bind mount, a volume or a tmpfs, never
 * the root mount. (A marker such as {@code /.dockerenv} cannot decide it: CI machines that are
 * containers themselves have one, with a real disk at {@code /}.)
 */
public final class MountCheck {
  private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

  private MountCheck() {}

  /** The check against this process's mount table. */
  public static void requireMounted(Path dir) throws BadInputException {
    requireMounted(dir, read(MOUNTINFO));
  }

  static void requireMounted(Path dir, Optional<String> mountinfo) throws BadInputException {
    if (mountinfo.isEmpty()) {
      return; // no mount table to judge by (not Linux): nothing to refuse
    }
    Path real;
    try {
      real = dir.toRealPath();
    } catch (IOException e) {
      real = dir.toAbsolutePath().normalize();
    }
    String mount = mountOf(real, mountPoints(mountinfo.get()));
    if (mount.equals("/")) {
      throw new BadInputException("BACKUP_DIR " + dir + " is not a mounted folder: it is part of the container's"
          + " own filesystem, so backups would fill the node's Docker disk and be lost with the container."
          + " Mount the host's backup folder there (in docker-compose.backup.yml: volumes:"
          + " - /data/backups:" + dir + ") and start the service again");
    }
  }

  /** The mount points of a {@code /proc/self/mountinfo} text (its fifth field, with octal escapes undone). */
  static List<String> mountPoints(String mountinfo) {
    List<String> out = new ArrayList<>();
    for (String line : mountinfo.split("\n")) {
      String[] fields = line.trim().split(" ");
      if (fields.length > 4) {
        out.add(unescape(fields[4]));
      }
    }
    return out;
  }

  /** The longest mount point that is {@code dir} or one of its parents ("/" when there is no other). */
  static String mountOf(Path dir, List<String> mountPoints) {
    String best = "/";
    for (String m : mountPoints) {
      if (dir.startsWith(Path.of(m)) && m.length() > best.length()) {
        best = m;
      }
    }
    return best;
  }

  private static String unescape(String field) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '\\' && i + 3 < field.length() && field.substring(i + 1, i + 4).matches("[0-7]{3}")) {
        sb.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private static Optional<String> read(Path file) {
    try {
      return Optional.of(Files.readString(file));
    } catch (IOException | UnsupportedOperationException e) {
      return Optional.empty();
    }
  }
}
