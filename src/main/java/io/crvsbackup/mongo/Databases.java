package io.crvsbackup.mongo;

import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import io.crvsbackup.config.Settings;
import io.crvsbackup.job.EngineException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which databases a backup takes: {@code MONGODB_DATABASES}, or with {@code auto} every database but
 * {@code admin}, {@code local} and {@code config}; which exist; and the excludes that apply to each.
 */
record Databases(List<String> names, Set<String> existing, Map<String, Set<String>> excludes,
    List<String> warnings) {
  static final Set<String> SYSTEM = Set.of("admin", "local", "config");

  static Databases choose(MongoClient client, Settings.Mongo settings, ServerErrors errors)
      throws EngineException {
    Set<String> existing;
    try {
      existing = client.listDatabaseNames().into(new LinkedHashSet<>());
    } catch (MongoException e) {
      throw errors.failed("list the databases of", e);
    }
    return of(settings, existing);
  }

  static Databases of(Settings.Mongo settings, Set<String> existing) {
    List<String> names = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    if (settings.autoDatabases()) {
      existing.stream().filter(d -> !SYSTEM.contains(d)).sorted().forEach(names::add);
      if (names.isEmpty()) {
        warnings.add("MONGODB_DATABASES is auto but the server has no database besides admin, local"
            + " and config; nothing was backed up");
      }
    } else {
      names.addAll(new LinkedHashSet<>(settings.databases()));
    }
    Map<String, Set<String>> excludes = new TreeMap<>();
    for (String e : settings.excludes()) {
      int dot = e.indexOf('.');
      if (dot <= 0 || dot == e.length() - 1) {
        warnings.add("MONGODB_EXCLUDES entry '" + e + "' is not db.collection; it was ignored");
        continue;
      }
      excludes.computeIfAbsent(e.substring(0, dot), k -> new LinkedHashSet<>()).add(e.substring(dot + 1));
    }
    return new Databases(List.copyOf(names), Set.copyOf(existing), excludes, warnings);
  }

  Set<String> excludes(String database) {
    return excludes.getOrDefault(database, Set.of());
  }
}
