package io.crvsbackup.mongo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Removes the archives a failed backup had finished, as the Engine contract asks; problems are kept. */
final class Cleanup {
  private Cleanup() {}

  static void delete(List<Path> files, Exception failure) {
    for (Path f : files) {
      try {
        Files.deleteIfExists(f);
      } catch (IOException e) {
        failure.addSuppressed(e);
      }
    }
  }
}
