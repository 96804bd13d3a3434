package io.crvsbackup.influx;

import com.fasterxml.jackson.databind.JsonNode;
import io.crvsbackup.job.JobListener;
import io.crvsbackup.store.BackupSet;
import io.crvsbackup.store.Layout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Offline verification of a set's InfluxDB part: the same full check a restore makes before it drops
 * anything (see {@link BackupCheck}), plus, for a set of ours, that our manifest's facts are of a layout
 * this version reads and list the same shard files as the portable manifest, and that the counts it records
 * (when taken from the shards) are what the shard files hold.
 */
final class InfluxVerify {
  private final int threads;

  InfluxVerify(int threads) {
    this.threads = threads;
  }

  List<String> verify(BackupSet set, JobListener listener) {
    if (!set.engines().contains(BackupCheck.ENGINE) || set.manifest()
        .map(m -> m.engines().get(BackupCheck.ENGINE)).filter(f -> !f.path("ok").asBoolean(true)).isPresent()) {
      return List.of(); // no InfluxDB part, or ours failed and the manifest says so already
    }
    String rel = Layout.INFLUXDB + "/" + set.label().value();
    Optional<Path> dir = set.files().stream().map(Path::getParent)
        .filter(p -> p != null && p.getFileName() != null && p.getFileName().toString().equals(set.label().value())
            && p.getParent() != null && p.getParent().getFileName() != null
            && p.getParent().getFileName().toString().equals(Layout.INFLUXDB))
        .findFirst();
    if (dir.isEmpty()) {
      return List.of("missing: " + rel + "/ (the set names no InfluxDB file)");
    }
    List<String> problems = new ArrayList<>();
    PortableBackup backup;
    try {
      backup = PortableBackup.open(dir.get());
    } catch (NoSuchFileException e) {
      return List.of("missing: " + rel + "/");
    } catch (IOException e) {
      return List.of("corrupted or incompatible: " + e.getMessage());
    }
    Optional<JsonNode> facts = set.manifest().map(m -> m.engines().get(BackupCheck.ENGINE))
        .filter(f -> f.has("databases"));
    Map<String, InfluxFacts.Expected> expected = Map.of();
    if (facts.isPresent()) {
      try {
        expected = InfluxFacts.expected(facts.get(), "the manifest of set " + set.label());
        Set<String> listed = new TreeSet<>(InfluxFacts.shardFiles(facts.get()));
        Set<String> present = new TreeSet<>(backup.shards().stream().map(PortableManifest.Entry::fileName).toList());
        if (!listed.equals(present)) {
          problems.add("corrupted: " + rel + ": the portable manifest lists shard files " + present
              + ", our manifest " + listed);
        }
      } catch (FormatException e) {
        problems.add("incompatible: " + e.getMessage());
      }
    }
    List<String> counted = facts.map(InfluxFacts::countedFromShards).orElse(List.of());
    Path spool = null;
    try {
      spool = counted.isEmpty() ? null : Files.createTempDirectory("crvs-verify-influx-");
      BackupCheck.Result check = new BackupCheck(backup, BackupCheck.checksums(set), listener, threads, rel + "/")
          .counting(spool).run();
      problems.addAll(check.problems());
      if (check.ok()) {
        for (String db : counted) {
          problems.addAll(compare(db, expected.get(db), check.counts(), rel));
        }
      }
    } catch (IOException e) {
      problems.add("unreadable: " + rel + ": cannot make a temporary folder to count its shards in: " + e.getMessage());
    } finally {
      deleteQuietly(spool);
    }
    return problems;
  }

  /** The recorded counts of one database against what its shard files hold. */
  private static List<String> compare(String db, InfluxFacts.Expected expected,
      Map<PortableManifest.Entry, ShardCounter.Result> counts, String rel) {
    if (expected == null) {
      return List.of();
    }
    CountSum sum = new CountSum();
    counts.forEach((e, r) -> {
      if (e.database().equals(db)) {
        sum.add(e.policy(), r);
      }
    });
    List<String> diffs = Counts.differences(expected.low(), expected.high(), sum.counts());
    return diffs.isEmpty() ? List.of() : List.of("corrupted: " + rel + ": the shards of database " + InfluxQl.ident(db)
        + " hold other counts than our manifest records: " + String.join("; ", diffs.subList(0, Math.min(5,
        diffs.size()))) + (diffs.size() > 5 ? "; ..." : ""));
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (var s = Files.walk(dir)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary folder left behind
    }
  }
}
