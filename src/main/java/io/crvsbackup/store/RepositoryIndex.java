package io.crvsbackup.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads the snapshot names from an Elasticsearch fs repository's root index ({@code index-N}, where N
 * is in {@code index.latest} or is the highest present), without a server.
 */
public final class RepositoryIndex {
  private static final Pattern INDEX_N = Pattern.compile("index-(\\d+)");

  private RepositoryIndex() {}

  /**
   * The snapshot names the repository holds; empty when there is no repository yet.
   *
   * @throws StoreException when the repository exists but its index cannot be read or parsed
   */
  public static Set<String> snapshotNames(Path repository) throws StoreException {
    Optional<Path> index = currentIndex(repository);
    if (index.isEmpty()) {
      return Set.of();
    }
    JsonNode root;
    try {
      root = ManifestCodec.JSON.readTree(Files.readAllBytes(index.get()));
    } catch (IOException e) {
      throw new StoreException(
          "cannot parse the Elasticsearch repository index " + index.get() + ": " + e.getMessage(), e);
    }
    Set<String> names = new LinkedHashSet<>();
    for (JsonNode s : root.path("snapshots")) {
      if (s.hasNonNull("name")) {
        names.add(s.get("name").asText());
      }
    }
    return names;
  }

  static Optional<Path> currentIndex(Path repository) throws StoreException {
    if (!Files.isDirectory(repository)) {
      return Optional.empty();
    }
    try {
      Path latest = repository.resolve("index.latest");
      if (Files.isRegularFile(latest) && Files.size(latest) == Long.BYTES) {
        long gen = ByteBuffer.wrap(Files.readAllBytes(latest)).getLong();
        Path p = repository.resolve("index-" + gen);
        if (Files.isRegularFile(p)) {
          return Optional.of(p);
        }
      }
      long best = -1;
      try (Stream<Path> files = Files.list(repository)) {
        for (Path p : (Iterable<Path>) files::iterator) {
          Matcher m = INDEX_N.matcher(p.getFileName().toString());
          if (m.matches()) {
            best = Math.max(best, Long.parseLong(m.group(1)));
          }
        }
      }
      return best < 0 ? Optional.empty() : Optional.of(repository.resolve("index-" + best));
    } catch (IOException | NumberFormatException e) {
      throw new StoreException("cannot read the Elasticsearch repository " + repository + ": " + e.getMessage(), e);
    }
  }
}
