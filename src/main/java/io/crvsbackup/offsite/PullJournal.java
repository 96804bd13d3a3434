package io.crvsbackup.offsite;

import io.crvsbackup.store.Label;
import io.crvsbackup.store.Layout;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The files a pull has placed so far ({@code BACKUP_DIR/.offsite-pull-<label>}), so that a failed pull, or
 * the next pull after an interrupted one, removes exactly them and nothing that was there before.
 */
final class PullJournal implements AutoCloseable {
  private final Path file;
  private final Writer writer;

  private PullJournal(Path file, Writer writer) {
    this.file = file;
    this.writer = writer;
  }

  static Path fileOf(Layout layout, Label label) {
    return layout.root().resolve(".offsite-pull-" + label.value());
  }

  static PullJournal start(Layout layout, Label label) throws IOException {
    Path f = fileOf(layout, label);
    return new PullJournal(f, Files.newBufferedWriter(f, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE));
  }

  /** Records a path before it is created. */
  synchronized void add(Path placed) throws IOException {
    writer.write(placed.toString());
    writer.write('\n');
    writer.flush();
  }

  /** Whether an earlier pull of this label was interrupted. */
  static boolean leftBehind(Layout layout, Label label) {
    return Files.exists(fileOf(layout, label));
  }

  /** Deletes every file an earlier or failed pull recorded, then the journal; returns how many it deleted. */
  static int undo(Layout layout, Label label) throws IOException {
    Path f = fileOf(layout, label);
    if (!Files.exists(f)) {
      return 0;
    }
    List<String> lines = new ArrayList<>(Files.readAllLines(f, StandardCharsets.UTF_8));
    java.util.Collections.reverse(lines);
    int n = 0;
    for (String line : lines) {
      Path p = Path.of(line).normalize();
      if (!line.isBlank() && p.startsWith(layout.root()) && Files.deleteIfExists(p)) {
        n++;
      }
    }
    Files.deleteIfExists(f);
    return n;
  }

  /** The pull succeeded: forget the journal. */
  void commit() throws IOException {
    writer.close();
    Files.deleteIfExists(file);
  }

  @Override
  public void close() throws IOException {
    writer.close();
  }
}
