package io.crvsbackup.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.crvsbackup.job.Engine;
import io.crvsbackup.job.EngineResult;
import io.crvsbackup.job.JobListener;
import io.crvsbackup.job.RestoreSource;
import io.crvsbackup.store.BackupSet;
import io.crvsbackup.store.Label;
import io.crvsbackup.store.Layout;
import io.crvsbackup.store.Manifest;
import io.crvsbackup.store.SetStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine's handling of a set's files, without a server (the URI points at a closed port). */
class DriverEngineTest {
  private final Engine engine = MongoKit.engine("mongodb://127.0.0.1:9/", List.of(), List.of(),
      Tuning.DEFAULTS.withServerSelection(Duration.ofMillis(200)));

  private static BackupSet set(Path root, Optional<Manifest> manifest, Path... files) {
    Label l = new Label("2026-11-25");
    return new BackupSet(l, manifest.isPresent() ? SetStatus.COMPLETE : SetStatus.IMPORTED,
        Instant.parse("2026-11-25T00:00:05Z"), LocalDate.parse("2026-11-25"), manifest, List.of(files),
        new TreeSet<>(List.of("mongo")), Optional.empty(), Optional.empty(), Optional.empty());
  }

  @Test
  void aSetWithoutMongoArchivesRestoresNothingAndSaysSo(@TempDir Path root) throws Exception {
    Path influx = Files.createDirectories(root.resolve("influxdb/2026-11-25")).resolve("x.meta");
    Files.writeString(influx, "meta");
    EngineResult r = engine.restore(new RestoreSource(set(root, Optional.empty(), influx), new Layout(root), Map.of(),
        JobListener.NONE));
    assertThat(r.warnings()).singleElement().asString().contains("holds no Mongo archive");
    assertThat(r.facts().path("databases").isEmpty()).isTrue();
  }

  @Test
  void aManifestedArchiveThatIsMissingIsAProblem(@TempDir Path root) throws Exception {
    var facts = new ObjectMapper().readTree(
        "{\"databases\": {\"hearth-dev\": {\"file\": \"mongo/hearth-dev-2026-11-25.gz\", \"collections\": []}}}");
    Manifest m = new Manifest(new Label("2026-11-25"), SetStatus.COMPLETE, Instant.parse("2026-11-25T00:00:05Z"),
        Optional.empty(), "test", List.of(), Map.of("mongo", facts), List.of());
    assertThat(engine.verifyOffline(set(root, Optional.of(m)), JobListener.NONE)).containsExactly(
        "mongo/hearth-dev-2026-11-25.gz: the manifest lists the archive of database hearth-dev but it is missing");
  }

  @Test
  void archivesAreFoundByTheirDatabaseAndLabel(@TempDir Path root) {
    Path mongo = root.resolve("mongo");
    BackupSet s = set(root, Optional.empty(), mongo.resolve("hearth-dev-2026-11-25.gz"),
        mongo.resolve("user-mgnt-2026-11-25.gz"), mongo.resolve("other-2026-11-24.gz"),
        root.resolve("elsewhere/x-2026-11-25.gz"));
    assertThat(ArchiveFiles.of(s)).containsOnlyKeys("hearth-dev", "user-mgnt");
  }
}
