package io.crvsbackup.mongo.archive;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The start of an archive: the header (format version, the source server's version, the tool's
 * version, how many collections were dumped at once) and one declaration per collection, view or
 * time-series collection.
 *
 * <p>Every declared collection has a data namespace that must appear in the archive with an EOF,
 * even when it holds no documents: the collection itself, or {@code system.buckets.<name>} for a
 * time-series collection dumped from a server before 8.3.
 */
public record ArchivePrelude(
    int concurrentCollections,
    String formatVersion,
    String serverVersion,
    String toolVersion,
    List<CollectionMetadata> collections) {

  private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)([-+].*)?");

  public ArchivePrelude {
    Objects.requireNonNull(formatVersion, "formatVersion");
    Objects.requireNonNull(serverVersion, "serverVersion");
    Objects.requireNonNull(toolVersion, "toolVersion");
    collections = List.copyOf(collections);
    boolean viewless = viewless(serverVersion);
    Set<Namespace> names = new HashSet<>();
    Set<Namespace> data = new HashSet<>();
    for (CollectionMetadata c : collections) {
      if (!names.add(c.namespace())) {
        throw new IllegalArgumentException(c.namespace() + " is declared twice");
      }
      if (!data.add(dataNamespace(c, viewless))) {
        throw new IllegalArgumentException(
            "the documents of " + c + " would share " + dataNamespace(c, viewless));
      }
    }
  }

  /**
   * The prelude our writer puts in front of a dump.
   *
   * @param serverVersion the source server's version, {@code X.Y.Z} with an optional suffix
   */
  public static ArchivePrelude of(
      String serverVersion,
      String toolVersion,
      int concurrentCollections,
      List<CollectionMetadata> collections) {
    if (!VERSION.matcher(serverVersion).matches()) {
      throw new IllegalArgumentException(
          "server version '" + serverVersion + "' is not of the form X.Y.Z");
    }
    if (concurrentCollections < 1) {
      throw new IllegalArgumentException("concurrent collections must be at least 1");
    }
    return new ArchivePrelude(
        concurrentCollections, ArchiveFormat.FORMAT_VERSION, serverVersion, toolVersion, collections);
  }

  /**
   * Whether the source server keeps time-series data under the collection's own name (8.3 and
   * later) rather than under {@code system.buckets.}; a version that does not parse counts as older,
   * as it does for mongorestore.
   */
  public boolean viewlessTimeseries() {
    return viewless(serverVersion);
  }

  /** The namespace under which {@code c}'s documents appear in the archive. */
  public Namespace dataNamespace(CollectionMetadata c) {
    return dataNamespace(c, viewlessTimeseries());
  }

  private static Namespace dataNamespace(CollectionMetadata c, boolean viewless) {
    return c.isTimeseries() && !viewless ? c.namespace().buckets() : c.namespace();
  }

  private static boolean viewless(String serverVersion) {
    Matcher m = VERSION.matcher(serverVersion);
    if (!m.matches()) {
      return false;
    }
    try {
      int major = Integer.parseInt(m.group(1));
      int minor = Integer.parseInt(m.group(2));
      return major > 8 || (major == 8 && minor >= 3);
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** Every data namespace the archive must close, in declaration order. */
  public List<Namespace> dataNamespaces() {
    return new ArrayList<>(byDataNamespace().keySet());
  }

  /** The declaration whose documents appear under {@code dataNamespace}. */
  public Optional<CollectionMetadata> metadataFor(Namespace dataNamespace) {
    return Optional.ofNullable(byDataNamespace().get(dataNamespace));
  }

  /** The declaration of {@code namespace} itself (a time-series collection by its own name). */
  public Optional<CollectionMetadata> collection(Namespace namespace) {
    return collections.stream().filter(c -> c.namespace().equals(namespace)).findFirst();
  }

  Map<Namespace, CollectionMetadata> byDataNamespace() {
    Map<Namespace, CollectionMetadata> m = new LinkedHashMap<>();
    for (CollectionMetadata c : collections) {
      m.put(dataNamespace(c), c);
    }
    return m;
  }
}
