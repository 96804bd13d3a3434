package io.crvsbackup.influx;

import static org.assertj.core.api.Assertions.assertThat;

import io.crvsbackup.env.TestEnv;
import io.crvsbackup.job.BackupTarget;
import io.crvsbackup.job.EngineResult;
import io.crvsbackup.job.JobListener;
import io.crvsbackup.job.RestoreSource;
import io.crvsbackup.store.BackupSet;
import io.crvsbackup.store.Label;
import io.crvsbackup.store.Layout;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The newest points: those acknowledged just before a backup (still in the WAL and cache) are in it,
 * because influxd writes a shard's cache to disk before exporting it; and writes that land while the
 * shards are exported do not upset the counts, which are taken from the exported shards themselves. On
 * influxd 1.6.7 (scripts/test-env) and 1.8.10 (a private server).
 */
class InfluxWritesDuringBackupIT {
  private static Influxd server18;
  private String url;
  private String rpc;
  private static final Label LABEL = Label.ofDate(java.time.LocalDate.of(2026, 11, 26));
  @TempDir Path root;
  private InfluxData data;
  private String db;
  private String copy;

  @BeforeAll
  static void start18() throws Exception {
    server18 = Influxd.start(Influx18RoundTripIT.binary());
  }

  @AfterAll
  static void stop18() throws Exception {
    if (server18 != null) {
      server18.close();
    }
  }

  static List<String> servers() {
    return List.of("1.6", "1.8");
  }

  private void fill(String server) throws Exception {
    url = server.equals("1.6") ? TestEnv.require("INFLUXDB_URL") : server18.url;
    rpc = server.equals("1.6") ? TestEnv.require("INFLUXDB_RPC_ADDRESS") : server18.rpc;
    data = new InfluxData(url);
    db = InfluxData.unique("crvs_wal");
    copy = db + "_copy";
    data.fill(db, 240);
  }

  @AfterEach
  void drop() throws Exception {
    if (data != null) {
      data.drop(db);
      data.drop(copy);
    }
  }

  @ParameterizedTest
  @MethodSource("servers")
  void pointsWrittenJustBeforeTheBackupAreInIt(String server) throws Exception {
    fill(server);
    data.write(db, null, new StringBuilder("newest,src=wal v=1i 1790000000000000001\n"));
    List<String> expected = data.dump(db);
    Layout layout = new Layout(root);
    EngineResult r = RoundTripContract.engine(url, rpc, List.of(db))
        .backup(new BackupTarget(LABEL, layout, JobListener.NONE));
    assertThat(r.facts().path("databases").path(0).path("counted").asText()).isEqualTo("from the exported shards");
    BackupSet set = TestSets.ours(layout, LABEL, r);
    RoundTripContract.engine(url, rpc, List.of())
        .restore(new RestoreSource(set, layout, Map.of(db, copy), JobListener.NONE));
    assertThat(data.dump(copy)).isEqualTo(expected).anyMatch(l -> l.startsWith("autogen|newest|"));
  }

  @ParameterizedTest
  @MethodSource("servers")
  void writesDuringTheExportLeaveTheCountsExact(String server) throws Exception {
    fill(server);
    List<String> warnings = new CopyOnWriteArrayList<>();
    AtomicBoolean wrote = new AtomicBoolean();
    JobListener writer = new JobListener() {
      @Override
      public void progress(String engine, String item, long count, long bytes, boolean done) {
        if (wrote.compareAndSet(false, true)) {
          try {
            data.write(db, null, new StringBuilder("late,src=during v=1i 1760000000000000000\n"
                + "late,src=during v=2i 1795000000000000000\n"));
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }
      }

      @Override
      public void warning(String engine, String message) {
        warnings.add(message);
      }
    };
    Layout layout = new Layout(root);
    EngineResult r = RoundTripContract.engine(url, rpc, List.of(db)).backup(new BackupTarget(LABEL, layout, writer));
    assertThat(wrote).isTrue();
    assertThat(warnings).isEmpty();
    assertThat(r.facts().path("databases").path(0).has("countsAfter")).isFalse();
    BackupSet set = TestSets.ours(layout, LABEL, r);
    EngineResult rr = RoundTripContract.engine(url, rpc, List.of())
        .restore(new RestoreSource(set, layout, Map.of(db, copy), JobListener.NONE));
    assertThat(rr.facts().path("restored").path(0).path("countsChecked").asBoolean()).isTrue();
    long late = data.dump(copy).stream().filter(l -> l.startsWith("autogen|late|")).count();
    assertThat(r.facts().path("databases").path(0).path("retentionPolicies").path(0).path("measurements")
        .path("late").path("points").asLong()).isEqualTo(late);
    assertThat(rr.facts().path("restored").path(0).path("points").asLong())
        .isEqualTo(r.facts().path("totals").path("points").asLong());
  }
}
