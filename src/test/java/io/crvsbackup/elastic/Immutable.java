package io.crvsbackup.elastic;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Makes a folder unwritable even for root, which ignores permission bits: the Linux immutable attribute
 * ({@code chattr +i}, ext4 and most local filesystems). Tests run as root here; a filesystem without the
 * attribute makes the test fail, not skip.
 */
final class Immutable {
  private Immutable() {}

  static void set(Path folder, boolean on) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("chattr", on ? "+i" : "-i", folder.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IOException("chattr " + (on ? "+i " : "-i ") + folder + " failed: " + out);
    }
  }
}
