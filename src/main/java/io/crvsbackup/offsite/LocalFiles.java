package io.crvsbackup.offsite;

import io.crvsbackup.store.Artifact;
import io.crvsbackup.store.BackupSet;
import io.crvsbackup.store.Layout;
import io.crvsbackup.store.Manifest;
import io.crvsbackup.store.StoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The local files that make up a set's copy, and the Elasticsearch repository's files. */
final class LocalFiles {
  private static final Pattern INDEX_N = Pattern.compile("index-(\\d+)");

  private LocalFiles() {}

  /** A file of a set: its path relative to {@code BACKUP_DIR}, and the hash its manifest records. */
  record SetFile(String relative, Path path, long size, Optional<String> sha256) {}

  /** A file of the repository: its path relative to the repository. */
  record RepoFile(String relative, Path path, long size, long mtime) {}

  /**
   * The set's files: for a set of ours its manifest first, then every artifact the manifest lists (the
   * Elasticsearch part is the shared repository, copied on its own); for an imported set the files found.
   *
   * @throws StoreException when a listed file is missing
   */
  static List<SetFile> of(Layout layout, BackupSet set) throws StoreException {
    List<SetFile> out = new ArrayList<>();
    try {
      if (set.manifest().isPresent()) {
        Manifest m = set.manifest().get();
        Path manifest = layout.manifest(set.label());
        out.add(new SetFile(layout.relative(manifest), manifest, Files.size(manifest), Optional.empty()));
        for (Artifact a : m.artifacts()) {
          Path p = layout.resolveListed(a.path(), manifest);
          if (!p.startsWith(layout.elasticRepository())) {
            out.add(new SetFile(a.path(), p, Files.size(p), Optional.of(a.sha256())));
          }
        }
      } else {
        for (Path p : set.files()) {
          if (!p.startsWith(layout.elasticRepository())) {
            out.add(new SetFile(layout.relative(p), p, Files.size(p), Optional.empty()));
          }
        }
      }
    } catch (IOException e) {
      throw new StoreException("set " + set.label() + ": cannot read " + e.getMessage()
          + "; run crvs-backup verify " + set.label(), e);
    }
    return out;
  }

  /**
   * The repository's files, except {@code index.latest} (the manifest records the generation instead),
   * temporary files ({@code pending-*}, {@code *.partial}) and repository checks ({@code tests-*}).
   */
  static List<RepoFile> repository(Path repo) throws IOException {
    if (!Files.isDirectory(repo)) {
      return List.of();
    }
    List<RepoFile> out = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(repo)) {
      for (Path p : (Iterable<Path>) walk.sorted()::iterator) {
        String rel = repo.relativize(p).toString().replace('\\', '/');
        String name = p.getFileName().toString();
        if (!Files.isRegularFile(p) || rel.equals("index.latest") || name.startsWith("pending-")
            || name.endsWith(Layout.PARTIAL_SUFFIX) || rel.startsWith("tests-")) {
          continue;
        }
        out.add(new RepoFile(rel, p, Files.size(p), Files.getLastModifiedTime(p).toMillis()));
      }
    }
    return out;
  }

  /** The repository's generation: {@code index.latest}, else the highest {@code index-N}. */
  static Optional<Long> generation(Path repo) throws IOException {
    Path latest = repo.resolve("index.latest");
    if (Files.isRegularFile(latest) && Files.size(latest) == Long.BYTES) {
      return Optional.of(ByteBuffer.wrap(Files.readAllBytes(latest)).getLong());
    }
    long best = -1;
    if (Files.isDirectory(repo)) {
      try (Stream<Path> files = Files.list(repo)) {
        for (Path p : (Iterable<Path>) files::iterator) {
          Matcher m = INDEX_N.matcher(p.getFileName().toString());
          if (m.matches()) {
            best = Math.max(best, Long.parseLong(m.group(1)));
          }
        }
      }
    }
    return best < 0 ? Optional.empty() : Optional.of(best);
  }
}
