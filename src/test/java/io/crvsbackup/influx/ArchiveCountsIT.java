package io.crvsbackup.influx;

import static org.assertj.core.api.Assertions.assertThat;

import io.crvsbackup.env.TestEnv;
import io.crvsbackup.job.BackupTarget;
import io.crvsbackup.job.EngineResult;
import io.crvsbackup.job.JobListener;
import io.crvsbackup.job.RestoreSource;
import io.crvsbackup.store.Label;
import io.crvsbackup.store.Layout;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The counts a backup records come from its own shards (TSM indexes and block headers), and they equal
 * what the server's {@code SELECT count(*) ... GROUP BY *} gives, also where a shard holds several TSM
 * files whose blocks overlap (points rewritten and added into the past between two shard exports, a field
 * added to old points). Tombstones ({@code DELETE} of a time range, {@code DROP SERIES}) not yet compacted
 * are lost by influxd's shard import, so the deleted values come back in a restore: the backup counts what
 * a restore gives, says how many deleted values come back, and warns. On influxd 1.6.7 (scripts/test-env)
 * and 1.8.10 with the inmem and the tsi1 index.
 */
class ArchiveCountsIT {
  @TempDir Path root;

  @Test
  void influxd16() throws Exception {
    scenario(TestEnv.require("INFLUXDB_URL"), TestEnv.require("INFLUXDB_RPC_ADDRESS"));
  }

  @Test
  void influxd18Inmem() throws Exception {
    try (Influxd server = Influxd.start(Influx18RoundTripIT.binary(), "inmem")) {
      scenario(server.url, server.rpc);
    }
  }

  @Test
  void influxd18Tsi1() throws Exception {
    try (Influxd server = Influxd.start(Influx18RoundTripIT.binary(), "tsi1")) {
      scenario(server.url, server.rpc);
    }
  }

  private void scenario(String url, String rpc) throws Exception {
    InfluxData data = new InfluxData(url);
    String db = InfluxData.unique("crvs_counts");
    String copy = db + "_copy";
    try {
      data.fill(db, 30);
      backup(url, rpc, db, "a"); // every shard's cache is written to a TSM file
      long day = 86_400_000_000_000L;
      long start = InfluxData.START.getEpochSecond() * 1_000_000_000L;
      StringBuilder late = new StringBuilder();
      for (int i = 0; i < 500; i++) {
        long t = start + i * 30L * 60_000_000_000L; // the same instants as fill's first points, near enough
        late.append("registrations,event=birth,office=Ibombo count=99i,extra=").append(i).append(' ')
            .append(t + (i % 2 == 0 ? 0 : 1)).append('\n');
        late.append("registrations,event=birth,office=New count=1i ").append(t).append('\n');
      }
      data.write(db, null, late);
      data.write(db, "weekly", new StringBuilder("temperature,sensor=s8 celsius=1 " + (start + day) + "\n"
          + "temperature,sensor=s9 celsius=2 " + (start + day) + "\n"));
      backup(url, rpc, db, "b"); // a second TSM file in the first shards, overlapping the first
      Counts beforeDelete = Counts.take(new InfluxHttp(URI.create(url), Duration.ofMinutes(1)), db,
          List.of("autogen", "weekly"));
      List<String> dumpBeforeDelete = data.dump(db);
      data.query(db, "DELETE FROM \"registrations\" WHERE time >= " + (start + 2 * day) + " AND time < "
          + (start + 3 * day));
      data.query(db, "DROP SERIES FROM \"temperature\" WHERE \"sensor\" = 's9'");
      EngineResult r = backup(url, rpc, db, "c");
      Layout layout = new Layout(root.resolve("c"));
      Label label = Label.ofDate(java.time.LocalDate.of(2026, 11, 26));
      Map<String, Integer> kinds = entryKinds(layout.influxBackup(label));
      assertThat(kinds.getOrDefault("tombstone", 0)).as("tombstones in the archives").isPositive();
      assertThat(kinds.getOrDefault("several tsm", 0)).as("shards with several TSM files").isPositive();

      InfluxHttp http = new InfluxHttp(URI.create(url), Duration.ofMinutes(1));
      Counts server = Counts.take(http, db, List.of("autogen", "weekly"));
      Counts recorded = InfluxFacts.expected(r.facts(), "the test").get(db).low();
      assertThat(server).isNotEqualTo(beforeDelete);
      assertThat(server.series()).containsEntry("temperature", 2L);
      assertThat(recorded).as("what a restore loads: the deleted values come back").isEqualTo(beforeDelete);
      assertThat(recorded.series()).containsEntry("temperature", 3L).containsKey("user logins");
      assertThat(recorded.fields().get("autogen").get("registrations")).containsKey("extra");
      long deleted = r.facts().path("databases").path(0).findValues("deletedValuesNotCompacted").stream()
          .mapToLong(n -> n.asLong()).sum();
      long fieldsBefore = beforeDelete.fields().values().stream().flatMap(m -> m.values().stream())
          .flatMap(f -> f.values().stream()).mapToLong(Long::longValue).sum();
      long fieldsAfter = server.fields().values().stream().flatMap(m -> m.values().stream())
          .flatMap(f -> f.values().stream()).mapToLong(Long::longValue).sum();
      assertThat(deleted).isEqualTo(fieldsBefore - fieldsAfter).isPositive();
      assertThat(r.warnings()).anyMatch(w -> w.contains(deleted + " deleted value(s)"));

      EngineResult rr = RoundTripContract.engine(url, rpc, List.of())
          .restore(new RestoreSource(TestSets.ours(layout, label, r), layout, Map.of(db, copy), JobListener.NONE));
      assertThat(rr.facts().path("restored").path(0).path("countsChecked").asBoolean()).isTrue();
      assertThat(data.dump(copy)).isEqualTo(dumpBeforeDelete);
    } finally {
      data.drop(db);
      data.drop(copy);
    }
  }

  private EngineResult backup(String url, String rpc, String db, String folder) throws Exception {
    Layout layout = new Layout(Files.createDirectories(root.resolve(folder)));
    return RoundTripContract.engine(url, rpc, List.of(db))
        .backup(new BackupTarget(Label.ofDate(java.time.LocalDate.of(2026, 11, 26)), layout, JobListener.NONE));
  }

  /** How many tombstones the shard archives hold, and how many shards have more than one TSM file. */
  private static Map<String, Integer> entryKinds(Path dir) throws Exception {
    Map<String, Integer> kinds = new TreeMap<>();
    List<Path> archives = new ArrayList<>();
    try (var s = Files.list(dir)) {
      s.filter(p -> p.toString().endsWith(".tar.gz")).forEach(archives::add);
    }
    for (Path a : archives) {
      int[] tsm = {0};
      try (InputStream in = new GZIPInputStream(Files.newInputStream(a))) {
        TarStream.copy(in, OutputStream.nullOutputStream(), a.toString(), (name, size) -> {
          if (name.endsWith(".tombstone")) {
            kinds.merge("tombstone", 1, Integer::sum);
          } else if (name.endsWith(".tsm")) {
            tsm[0]++;
          }
          return null;
        });
      }
      if (tsm[0] > 1) {
        kinds.merge("several tsm", 1, Integer::sum);
      }
    }
    return kinds;
  }
}
