package io.crvsbackup.elastic;

import io.crvsbackup.job.EngineException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Restore drills: how {@code RestoreSource.renames} (the CLI's repeatable {@code --as <from>=<to>}) is read
 * for Elasticsearch. Each entry is a {@code rename_pattern} to {@code rename_replacement} pair: the key is a
 * Java regular expression that must match an index's whole name, and the index is restored as
 * {@code name.replaceAll(key, value)}, which is what Elasticsearch computes from the same pair
 * ({@code $1} refers to a group). So {@code ocrvs=ocrvs-drill} restores only {@code ocrvs}, as
 * {@code ocrvs-drill}, and {@code (.+)=drill-$1} restores every index under {@code drill-<name>}. Keys
 * that match no index (a Mongo database's name) are ignored here.
 *
 * <p>A drill never touches live data: indices no key matches are not restored, a target must differ from
 * its source, must not exist yet (checked by the restore) and must not be shared by two sources, and no
 * index may match two keys. Restored copies get no aliases, so live aliases keep pointing at live indices.
 */
final class Renames {
  private Renames() {}

  /** One restore call: the sources it restores, their targets, and the rename it passes (none for a real restore). */
  record Group(Optional<Cluster.Rename> rename, Map<String, String> targets) {
    List<String> sources() {
      return List.copyOf(targets.keySet());
    }
  }

  /** The restore calls, and the indices a drill leaves out. */
  record Plan(List<Group> groups, List<String> skipped) {
    boolean drill() {
      return groups.stream().anyMatch(g -> g.rename().isPresent());
    }

    /** Source index to the name it is restored under. */
    Map<String, String> targets() {
      Map<String, String> all = new LinkedHashMap<>();
      groups.forEach(g -> all.putAll(g.targets()));
      return all;
    }
  }

  static Plan plan(Map<String, String> renames, List<String> indices) throws EngineException {
    if (renames.isEmpty()) {
      Map<String, String> same = new LinkedHashMap<>();
      indices.forEach(i -> same.put(i, i));
      return new Plan(List.of(new Group(Optional.empty(), same)), List.of());
    }
    Map<String, Pattern> patterns = new TreeMap<>();
    for (String key : renames.keySet()) {
      try {
        patterns.put(key, Pattern.compile(key));
      } catch (PatternSyntaxException e) {
        throw new EngineException("restore drill: rename pattern '" + key + "' is not a valid regular expression: "
            + e.getDescription());
      }
    }
    Map<String, Map<String, String>> byKey = new TreeMap<>();
    Map<String, String> targetOwner = new LinkedHashMap<>();
    List<String> skipped = new ArrayList<>();
    for (String index : indices) {
      List<String> keys = patterns.entrySet().stream().filter(p -> p.getValue().matcher(index).matches())
          .map(Map.Entry::getKey).toList();
      if (keys.isEmpty()) {
        skipped.add(index);
        continue;
      }
      if (keys.size() > 1) {
        throw new EngineException("restore drill: index '" + index + "' matches more than one rename pattern "
            + keys + "; make the patterns exclusive");
      }
      String key = keys.get(0);
      String target = rename(index, patterns.get(key), renames.get(key));
      String problem = target.equals(index) ? "leaves the name unchanged, which would replace the live index"
          : invalidName(target);
      if (problem != null) {
        throw new EngineException("restore drill: rename '" + key + "' -> '" + renames.get(key) + "' turns '" + index
            + "' into '" + target + "', which " + problem);
      }
      String other = targetOwner.putIfAbsent(target, index);
      if (other != null) {
        throw new EngineException("restore drill: both '" + other + "' and '" + index + "' would be restored as '"
            + target + "'");
      }
      byKey.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(index, target);
    }
    List<Group> groups = new ArrayList<>();
    byKey.forEach((key, targets) ->
        groups.add(new Group(Optional.of(new Cluster.Rename(key, renames.get(key))), targets)));
    return new Plan(groups, skipped);
  }

  private static String rename(String index, Pattern pattern, String replacement) throws EngineException {
    try {
      return pattern.matcher(index).replaceAll(replacement);
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      throw new EngineException("restore drill: replacement '" + replacement + "' does not fit pattern '"
          + pattern + "': " + e.getMessage());
    }
  }

  /** Why Elasticsearch would refuse {@code name} as an index name, or null. */
  static String invalidName(String name) {
    if (name.isEmpty() || name.equals(".") || name.equals("..")) {
      return "is not a valid index name";
    }
    if (!name.equals(name.toLowerCase(java.util.Locale.ROOT))) {
      return "is not lowercase, as index names must be";
    }
    if (name.startsWith("-") || name.startsWith("_") || name.startsWith("+")) {
      return "starts with '-', '_' or '+', which index names may not";
    }
    for (char c : "\\/*?\"<>| ,#:".toCharArray()) {
      if (name.indexOf(c) >= 0) {
        return "contains '" + c + "', which index names may not";
      }
    }
    return null;
  }
}
