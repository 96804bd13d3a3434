package io.crvsbackup.elastic;

import java.util.Collection;
import java.util.List;

/**
 * Which indices a set holds. {@code ELASTICSEARCH_INDICES} lists names and patterns ({@code ocrvs*,events_*},
 * exclusions as {@code -name}); empty means every index. System and hidden indices (names starting with a
 * dot, such as {@code .security} or {@code .kibana}) are left out unless an expression itself starts with a
 * dot: crvs-backup backs up OpenCRVS's data, never the cluster's own.
 */
final class IndexSelection {
  static final List<String> EVERYTHING = List.of("*");

  private IndexSelection() {}

  /** The expressions to resolve on the server. */
  static List<String> expressions(List<String> configured) {
    return configured.isEmpty() ? EVERYTHING : List.copyOf(configured);
  }

  /** The resolved names to snapshot, sorted, without system indices unless asked for by name. */
  static List<String> select(List<String> configured, Collection<String> resolved) {
    boolean dotsAsked = configured.stream().anyMatch(e -> e.startsWith("."));
    return resolved.stream().filter(n -> dotsAsked || !isSystem(n)).sorted().toList();
  }

  /** The indices of a snapshot that crvs-backup did not make, less the cluster's own. */
  static List<String> withoutSystem(Collection<String> names) {
    return names.stream().filter(n -> !isSystem(n)).sorted().toList();
  }

  static boolean isSystem(String index) {
    return index.startsWith(".");
  }
}
