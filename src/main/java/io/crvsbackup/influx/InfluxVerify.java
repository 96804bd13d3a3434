package io.crvsbackup.influx;

import com.fasterxml.jackson.databind.JsonNode;
import io.crvsbackup.job.JobListener;
import io.crvsbackup.store.BackupSet;
import io.crvsbackup.store.Layout;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Offline verification of a set's InfluxDB part: the same full check a restore makes before it drops
 * anything (see {@link BackupCheck}), plus, for a set of ours, that our manifest's facts are of a layout
 * this version reads and list the same shard files as the portable manifest.
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
    if (facts.isPresent()) {
      try {
        InfluxFacts.expected(facts.get(), "the manifest of set " + set.label());
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
    problems.addAll(new BackupCheck(backup, BackupCheck.checksums(set), listener, threads, rel + "/").run().problems());
    return problems;
  }
}
