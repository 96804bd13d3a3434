package io.crvsbackup.influx;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crvsbackup.config.Settings;
import io.crvsbackup.job.EngineException;
import io.crvsbackup.job.JobListener;
import io.crvsbackup.job.RestoreSource;
import io.crvsbackup.store.Label;
import io.crvsbackup.store.Layout;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A restore checks everything it can before it talks to any server. */
class InfluxRestoreOfflineTest {
  @TempDir Path root;

  @Test
  void aBrokenBackupIsRefusedBeforeAnyServerIsAsked() throws Exception {
    Layout layout = new Layout(root);
    Label label = Label.ofDate(java.time.LocalDate.of(2026, 11, 26));
    Path dir = Fixtures.write(Fixtures.INFLUXD_1_8_10, layout.influxBackup(label));
    Files.delete(dir.resolve("20261126T033650Z.s12.tar.gz"));
    assertThatThrownBy(() -> unreachable().restore(new RestoreSource(TestSets.imported(layout, label), layout,
            Map.of(), JobListener.NONE)))
        .isInstanceOf(EngineException.class)
        .hasMessage("restore InfluxDB from influxdb/2026-11-26: the backup failed its check; nothing was dropped or"
            + " changed:\n  - missing: influxdb/2026-11-26/20261126T033650Z.s12.tar.gz (shard 12 of"
            + " crvs_fixture.autogen, named by the manifest)");
  }

  @Test
  void aGoodBackupStopsAtTheUnreachableServerWithNothingDropped() throws Exception {
    Layout layout = new Layout(root);
    Label label = Label.ofDate(java.time.LocalDate.of(2026, 11, 26));
    Fixtures.write(Fixtures.INFLUXD_1_6_7, layout.influxBackup(label));
    assertThatThrownBy(() -> unreachable().restore(new RestoreSource(TestSets.imported(layout, label), layout,
            Map.of("crvs_fixture", "drill"), JobListener.NONE)))
        .isInstanceOf(EngineException.class)
        .hasMessageStartingWith("ask InfluxDB at http://127.0.0.1:9 for its version; nothing was dropped or changed:"
            + " cannot reach InfluxDB's HTTP API at http://127.0.0.1:9");
  }

  @Test
  void aRenameToAnInvalidNameIsRefused() throws Exception {
    Layout layout = new Layout(root);
    Label label = Label.ofDate(java.time.LocalDate.of(2026, 11, 26));
    Fixtures.write(Fixtures.INFLUXD_1_6_7, layout.influxBackup(label));
    assertThatThrownBy(() -> unreachable().restore(new RestoreSource(TestSets.imported(layout, label), layout,
            Map.of("crvs_fixture", "a/b"), JobListener.NONE)))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("\"a/b\" is not a valid InfluxDB database name");
  }

  private static InfluxEngine unreachable() {
    return new InfluxEngine(new Settings.Influx(Optional.of(URI.create("http://127.0.0.1:9")),
        Optional.of(new Settings.HostPort("127.0.0.1", 9)), List.of()), Clock.systemUTC(), InfluxOptions.DEFAULTS);
  }
}
