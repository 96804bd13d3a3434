package io.crvsbackup.influx;

import static org.assertj.core.api.Assertions.assertThat;

import io.crvsbackup.store.WrittenFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A database's counts are the sum of its shards': values per retention policy, series once each. */
class InfluxBackupCountsTest {
  @Test
  void valuesAddUpPerRetentionPolicyAndSeriesCountOnceAcrossShards() {
    Optional<Counts> c = InfluxBackup.counts(List.of(
        done(1, "autogen", Map.of("cpu", Map.of("v", 10L)), Set.of("cpu,host=a", "cpu,host=b")),
        done(2, "autogen", Map.of("cpu", Map.of("v", 5L, "w", 1L)), Set.of("cpu,host=a")),
        done(3, "weekly", Map.of("cpu", Map.of("v", 7L), "my mem", Map.of("free", 2L)),
            Set.of("cpu,host=c", "my\\ mem,host=a"))));
    assertThat(c).contains(new Counts(Map.of("cpu", 3L, "my mem", 1L), Map.of(
        "autogen", Map.of("cpu", Map.of("v", 15L, "w", 1L)),
        "weekly", Map.of("cpu", Map.of("v", 7L), "my mem", Map.of("free", 2L)))));
  }

  @Test
  void oneShardThatCouldNotBeCountedLeavesTheDatabaseUncounted() {
    ShardExport.Done uncounted = new ShardExport.Done(new ShardExport.Job(2, "autogen", 0, 1),
        new WrittenFile(Path.of("x.s2.tar.gz"), 1, "0"), 1024, 1, null, "not a TSM file of version 1");
    assertThat(InfluxBackup.counts(List.of(done(1, "autogen", Map.of(), Set.of()), uncounted))).isEmpty();
    assertThat(InfluxBackup.counts(List.of())).contains(new Counts(Map.of(), Map.of()));
  }

  private static ShardExport.Done done(long id, String rp, Map<String, Map<String, Long>> fields, Set<String> series) {
    return new ShardExport.Done(new ShardExport.Job(id, rp, 0, 1), new WrittenFile(Path.of("x.s" + id + ".tar.gz"), 1,
        "0"), 1024, 1, new ShardCounter.Result(fields, series, 0), null);
  }
}
