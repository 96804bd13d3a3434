package io.crvsbackup.elastic;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Reaches into an fs repository's files to damage them on purpose. */
final class RepositoryFiles {
  private RepositoryFiles() {}

  /** The largest data blob ({@code indices/<id>/<shard>/__*}). */
  static Path largestDataBlob(Path repository) throws IOException {
    try (Stream<Path> all = Files.walk(repository.resolve("indices"))) {
      return all.filter(p -> p.getFileName().toString().startsWith("__"))
          .max(Comparator.comparingLong(p -> p.toFile().length())).orElseThrow();
    }
  }

  static void flipByte(Path file, long at) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(at);
      int b = f.read();
      f.seek(at);
      f.write(b ^ 0x5a);
    }
  }
}
