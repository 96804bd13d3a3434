package io.crvsbackup.mongo;

import io.crvsbackup.job.EngineException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** Where each database of a set is restored: itself, or the name a restore drill gives ({@code --as}). */
final class Renames {
  private Renames() {}

  /**
   * @param renames source to target names for every engine; names of other engines are ignored
   * @throws EngineException when two databases would be restored into one
   */
  static Map<String, String> targets(Collection<String> databases, Map<String, String> renames)
      throws EngineException {
    Map<String, String> targets = new LinkedHashMap<>();
    Map<String, String> seen = new LinkedHashMap<>();
    for (String db : databases) {
      String target = renames.getOrDefault(db, db);
      if (target.isEmpty() || target.contains(".") || target.contains("/") || target.contains(" ")
          || target.contains("\"") || target.contains("$") || target.contains("\\") || target.length() > 63) {
        throw new EngineException("cannot restore " + db + " as '" + target + "': not a valid database name");
      }
      String other = seen.putIfAbsent(target, db);
      if (other != null) {
        throw new EngineException("cannot restore both " + other + " and " + db + " into database " + target);
      }
      targets.put(db, target);
    }
    return targets;
  }
}
