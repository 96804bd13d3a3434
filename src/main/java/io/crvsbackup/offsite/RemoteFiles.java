package io.crvsbackup.offsite;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Small remote files (manifests, markers, the mirror's index): written whole under a temporary name. */
final class RemoteFiles {
  private static final int MAX_SMALL = 64 * 1024 * 1024;

  private RemoteFiles() {}

  static void writeSmall(Remote remote, String path, byte[] bytes) throws IOException {
    String partial = RemoteLayout.partial(path);
    try (OutputStream out = remote.create(partial)) {
      out.write(bytes);
    }
    long size = remote.stat(partial).map(Remote.Stat::size).orElse(-1L);
    if (size != bytes.length) {
      throw new IOException("the server kept " + size + " of the " + bytes.length + " bytes of " + path);
    }
    remote.rename(partial, path);
  }

  static byte[] readSmall(Remote remote, String path) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (InputStream in = remote.read(path)) {
      byte[] b = new byte[64 * 1024];
      int n;
      while ((n = in.read(b)) >= 0) {
        buf.write(b, 0, n);
        if (buf.size() > MAX_SMALL) {
          throw new IOException(path + " is larger than " + MAX_SMALL + " bytes: not one of our manifests");
        }
      }
    }
    return buf.toByteArray();
  }
}
