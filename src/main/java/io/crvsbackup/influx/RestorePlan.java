package io.crvsbackup.influx;

import com.fasterxml.jackson.databind.JsonNode;
import io.crvsbackup.job.EngineException;
import io.crvsbackup.job.RestoreSource;
import io.crvsbackup.store.Layout;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything a restore decides before it touches the server: the backup folder is read and checked in
 * full (metastore; every shard file's gzip, tar and size, or for a set of ours its SHA-256), the databases
 * and their target names are chosen, and the counts to expect are read from our manifest. Any problem
 * ends the restore here, with nothing dropped.
 *
 * @param backup the portable backup
 * @param meta its metastore
 * @param targets source database to target database, in restore order
 * @param expected per source database, the recorded counts (empty for an imported set)
 * @param warnings what the operator should know (continuous queries that a restore does not bring back)
 */
record RestorePlan(
    PortableBackup backup, MetaData meta, Map<String, String> targets, Map<String, InfluxFacts.Expected> expected,
    List<String> warnings) {

  static RestorePlan prepare(RestoreSource source, List<String> configured, int threads) throws EngineException {
    Layout layout = source.layout();
    Path dir = layout.influxBackup(source.set().label());
    String where = "restore InfluxDB from " + layout.relative(dir);
    String untouched = "; nothing was dropped or changed";
    PortableBackup backup;
    try {
      backup = PortableBackup.open(dir);
    } catch (IOException e) {
      throw new EngineException(where + ": " + e.getMessage() + untouched, e);
    }
    Optional<JsonNode> facts = source.set().manifest().map(m -> m.engines().get(BackupCheck.ENGINE))
        .filter(f -> f.has("databases"));
    Map<String, InfluxFacts.Expected> expected = Map.of();
    List<String> problems = new ArrayList<>();
    if (facts.isPresent()) {
      try {
        expected = InfluxFacts.expected(facts.get(), "the manifest of set " + source.set().label());
      } catch (FormatException e) {
        throw new EngineException(where + ": " + e.getMessage() + untouched, e);
      }
      Set<String> listed = new TreeSet<>(InfluxFacts.shardFiles(facts.get()));
      Set<String> present = new TreeSet<>(backup.shards().stream().map(PortableManifest.Entry::fileName).toList());
      if (!listed.equals(present)) {
        problems.add("corrupted: the portable manifest lists shard files " + present + ", our manifest " + listed);
      }
    }
    Map<String, String> shas = BackupCheck.checksums(source.set());
    source.listener().info(BackupCheck.ENGINE, "checking " + backup.shards().size() + " shard file(s) in "
        + layout.relative(dir));
    BackupCheck.Result check = new BackupCheck(backup, shas, source.listener(), threads,
        layout.relative(dir) + "/").trustingChecksums().run();
    problems.addAll(check.problems());
    if (!problems.isEmpty() || check.meta().isEmpty()) {
      throw new EngineException(where + ": the backup failed its check" + untouched + ":\n  - "
          + String.join("\n  - ", problems));
    }
    MetaData meta = check.meta().get();
    List<String> sources = facts.map(InfluxFacts::databases).orElse(backup.databases());
    Map<String, String> targets = targets(sources, configured, meta, source.renames(), where + untouched);
    List<String> warnings = continuousQueries(meta, targets);
    warnings.forEach(w -> source.listener().warning(BackupCheck.ENGINE, w));
    return new RestorePlan(backup, meta, targets, expected, warnings);
  }

  private static Map<String, String> targets(
      List<String> sources, List<String> configured, MetaData meta, Map<String, String> renames, String where)
      throws EngineException {
    Map<String, String> targets = new LinkedHashMap<>();
    Set<String> taken = new HashSet<>();
    for (String db : sources) {
      boolean chosen = configured.isEmpty() ? !db.equals(InfluxBackup.INTERNAL) : configured.contains(db);
      if (!chosen) {
        continue;
      }
      if (meta.database(db).isEmpty()) {
        throw new EngineException(where + ": database " + InfluxQl.ident(db)
            + " has shard files but is not in the metastore file, so it cannot be restored");
      }
      String target = renames.getOrDefault(db, db);
      if (target.isEmpty() || target.contains("/") || target.contains("\\")
          || target.chars().anyMatch(Character::isISOControl)) {
        throw new EngineException(where + ": " + InfluxQl.ident(target) + " is not a valid InfluxDB database name");
      }
      if (!taken.add(target)) {
        throw new EngineException(where + ": two databases would be restored as " + InfluxQl.ident(target));
      }
      targets.put(db, target);
    }
    if (targets.isEmpty()) {
      throw new EngineException(where + ": the backup holds no database to restore (it has "
          + String.join(", ", sources.stream().map(InfluxQl::ident).toList())
          + (configured.isEmpty() ? "" : "; INFLUXDB_DATABASES allows only " + String.join(", ", configured)) + ")");
    }
    return targets;
  }

  private static List<String> continuousQueries(MetaData meta, Map<String, String> targets) {
    List<String> out = new ArrayList<>();
    targets.keySet().forEach(db -> meta.database(db).ifPresent(d -> d.continuousQueries().forEach(cq ->
        out.add("continuous query " + InfluxQl.ident(cq.name()) + " of database " + InfluxQl.ident(db)
            + " is not restored (a portable restore never restores them); recreate it: " + cq.query()))));
    return out;
  }

  List<PortableManifest.Entry> shardsOf(String db) {
    return backup.shardsOf(db);
  }
}
