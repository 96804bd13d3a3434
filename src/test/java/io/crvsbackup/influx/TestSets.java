package io.crvsbackup.influx;

import io.crvsbackup.job.EngineResult;
import io.crvsbackup.store.BackupSet;
import io.crvsbackup.store.Label;
import io.crvsbackup.store.Layout;
import io.crvsbackup.store.Manifest;
import io.crvsbackup.store.SetStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

/** Backup sets as the store would hand them to the engine: ours (with a manifest) and imported. */
final class TestSets {
  private TestSets() {}

  /** A complete set of ours holding what an InfluxDB backup returned. */
  static BackupSet ours(Layout layout, Label label, EngineResult r) {
    Manifest m = new Manifest(label, SetStatus.COMPLETE, Instant.parse("2026-11-26T00:00:05Z"),
        Optional.of(Instant.parse("2026-11-26T00:01:00Z")), "test", r.artifacts(),
        Map.of(BackupCheck.ENGINE, r.facts()), List.of());
    return new BackupSet(label, SetStatus.COMPLETE, m.created(), label.date().orElse(LocalDate.of(2026, 11, 26)),
        Optional.of(m), r.artifacts().stream().map(a -> layout.root().resolve(a.path())).toList(),
        new TreeSet<>(List.of(BackupCheck.ENGINE)), Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** An imported set: the folder {@code influxdb/<label>/} as some other tool left it. */
  static BackupSet imported(Layout layout, Label label) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(layout.influxBackup(label))) {
      files = s.sorted().toList();
    }
    LocalDate day = label.date().orElse(LocalDate.of(2026, 11, 26));
    return new BackupSet(label, SetStatus.IMPORTED, day.atStartOfDay().toInstant(java.time.ZoneOffset.UTC), day,
        Optional.empty(), files, new TreeSet<>(List.of(BackupCheck.ENGINE)), Optional.empty(), Optional.empty(),
        Optional.empty());
  }
}
