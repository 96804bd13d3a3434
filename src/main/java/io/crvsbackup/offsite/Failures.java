package io.crvsbackup.offsite;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.util.OptionalLong;
import java.util.zip.ZipException;
import net.schmizz.sshj.common.SSHException;
import net.schmizz.sshj.sftp.Response;
import net.schmizz.sshj.sftp.SFTPException;

/** Turns transport and format errors into {@link OffsiteException}s that say what failed and what to do. */
final class Failures {
  private static final long NEARLY_FULL = 1024L * 1024;

  private Failures() {}

  /**
   * @param doing what was being done, e.g. "push 2026-11-25: upload mongo/hearth-dev-2026-11-25.gz"
   * @param dir the remote folder concerned, to ask for its free space when a write failed
   */
  static OffsiteException translate(IOException e, String doing, Remote remote, String dir) {
    String server = remote == null ? "the backup server" : remote.server();
    if (e instanceof DecryptionException d) {
      return new OffsiteException(d.wrongKey() ? OffsiteException.Kind.WRONG_KEY : OffsiteException.Kind.CORRUPT,
          doing + ": " + d.getMessage(), d);
    }
    if (e instanceof TarReader.TarException || e instanceof ZipException) {
      return new OffsiteException(OffsiteException.Kind.CORRUPT, doing + ": the bundle is damaged or truncated ("
          + e.getMessage() + ")", e);
    }
    if (e instanceof BundleWriter.LocalDamageException) {
      return new OffsiteException(OffsiteException.Kind.LOCAL, doing + ": " + e.getMessage(), e);
    }
    if (e instanceof Uploader.CopyCheckException) {
      return new OffsiteException(OffsiteException.Kind.TRANSFER, doing + ": " + e.getMessage(), e);
    }
    if (e instanceof SFTPException s) {
      Response.StatusCode code = s.getStatusCode();
      if (code == Response.StatusCode.PERMISSION_DENIED || code == Response.StatusCode.WRITE_PROTECT) {
        return new OffsiteException(OffsiteException.Kind.PERMISSION, doing + ": " + server + " refused it"
            + " (permission denied): check the owner and mode of " + dir + " and the folders above it there, and that"
            + " none is immutable"
            + " (lsattr -d; chattr -i)", e);
      }
      if (code == Response.StatusCode.NO_SPACE_ON_FILESYSTEM || code == Response.StatusCode.QUOTA_EXCEEDED
          || (code == Response.StatusCode.FAILURE && nearlyFull(remote, dir))) {
        return new OffsiteException(OffsiteException.Kind.DISK_FULL, doing + ": the disk of " + server
            + " is full" + free(remote, dir) + "; free space there or lower EXTERNAL_BACKUP_RETENTION", e);
      }
      return new OffsiteException(OffsiteException.Kind.TRANSFER, doing + ": " + server + " failed it ("
          + code + (s.getMessage() == null ? "" : ": " + s.getMessage()) + ")", e);
    }
    if (e instanceof SSHException || e instanceof SocketException || e instanceof EOFException) {
      return new OffsiteException(OffsiteException.Kind.TRANSFER, doing + ": the connection to " + server
          + " broke (" + e.getMessage() + ")", e);
    }
    return new OffsiteException(OffsiteException.Kind.TRANSFER, doing + ": " + e.getMessage(), e);
  }

  private static boolean nearlyFull(Remote remote, String dir) {
    try {
      OptionalLong free = remote == null ? OptionalLong.empty() : remote.available(dir);
      return free.isPresent() && free.getAsLong() < NEARLY_FULL;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static String free(Remote remote, String dir) {
    try {
      OptionalLong free = remote == null ? OptionalLong.empty() : remote.available(dir);
      return free.isPresent() ? " (" + free.getAsLong() + " bytes free in " + dir + ")" : "";
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }
}
