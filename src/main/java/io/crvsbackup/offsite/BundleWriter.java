package io.crvsbackup.offsite;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a set as {@code <label>.tar.gz}: a tar of the set's files with their paths under {@code
 * BACKUP_DIR} ({@code manifests/<label>.json} first, then {@code mongo/...}, {@code influxdb/<label>/...}),
 * so that {@code tar -xzf} in {@code /data/backups} puts them back where they belong. The gzip stream holds
 * stored (uncompressed) blocks: the files are compressed already, and deflating them again would cost
 * a core for nothing. Each file is hashed as it is read and checked against its manifest, so that a file
 * damaged on the local disk is not copied offsite as if it were good.
 */
final class BundleWriter {
  private static final int BUFFER = 256 * 1024;

  private BundleWriter() {}

  /**
   * @return the plain files written, with their sizes and hashes
   * @throws IOException when a file cannot be read, or does not match its manifest
   */
  static List<RemoteManifest.PlainFile> write(OutputStream out, List<LocalFiles.SetFile> files) throws IOException {
    List<RemoteManifest.PlainFile> written = new ArrayList<>();
    GZIPOutputStream gz = new GZIPOutputStream(out, BUFFER) {
      {
        def.setLevel(Deflater.NO_COMPRESSION);
      }
    };
    TarWriter tar = new TarWriter(gz);
    byte[] buf = new byte[BUFFER];
    for (LocalFiles.SetFile f : files) {
      long size = Files.size(f.path());
      MessageDigest md = Hashing.sha256();
      tar.begin(f.relative(), size, Files.getLastModifiedTime(f.path()).toMillis() / 1000);
      try (InputStream in = Files.newInputStream(f.path())) {
        int n;
        while ((n = in.read(buf)) >= 0) {
          md.update(buf, 0, n);
          tar.write(buf, 0, n);
        }
      }
      tar.end();
      String sha = HexFormat.of().formatHex(md.digest());
      if (f.sha256().isPresent() && !f.sha256().get().equals(sha)) {
        throw new LocalDamageException(f.relative() + " on the local disk has sha256 " + sha + ", its manifest says "
            + f.sha256().get() + ": it is damaged; run crvs-backup verify");
      }
      written.add(new RemoteManifest.PlainFile(f.relative(), size, sha));
    }
    tar.finish();
    gz.finish();
    return written;
  }

  /** A local file does not match its manifest. */
  static final class LocalDamageException extends IOException {
    private static final long serialVersionUID = 1L;

    LocalDamageException(String message) {
      super(message);
    }
  }
}
