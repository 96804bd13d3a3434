package io.crvsbackup.mongo.archive;

import java.util.List;
import java.util.Optional;

/**
 * An archive read or written to its end: the prelude, every namespace in the order its EOF came,
 * and the length of the uncompressed archive.
 */
public record ArchiveSummary(ArchivePrelude prelude, List<NamespaceSummary> namespaces, long bytes) {

  public ArchiveSummary {
    namespaces = List.copyOf(namespaces);
  }

  /** The summary of {@code ns}, if the archive holds it. */
  public Optional<NamespaceSummary> namespace(Namespace ns) {
    return namespaces.stream().filter(s -> s.namespace().equals(ns)).findFirst();
  }

  /** Documents in every namespace together. */
  public long documents() {
    return namespaces.stream().mapToLong(NamespaceSummary::documents).sum();
  }
}
