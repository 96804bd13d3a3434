package io.crvsbackup.offsite;

import static org.assertj.core.api.Assertions.assertThat;

import io.crvsbackup.config.Settings;
import io.crvsbackup.store.BackupSet;
import io.crvsbackup.store.BackupStore;
import io.crvsbackup.store.Label;
import io.crvsbackup.store.SetStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Push to the real sshd of scripts/test-env, pull back into an empty backup folder, and compare every byte,
 * in each encryption mode.
 */
class OffsiteRoundTripIT {
  private static final Label DAY1 = new Label("2026-11-24");
  private static final Label DAY2 = new Label("2026-11-25");

  @TempDir Path tmp;
  private OffsiteFixture fx;
  private final List<String> events = new ArrayList<>();
  private final OffsiteListener listener = new OffsiteListener() {
    @Override
    public void info(String message) {
      events.add("info " + message);
    }

    @Override
    public void warning(String message) {
      events.add("warn " + message);
    }

    @Override
    public void progress(String item, long bytes, long total, boolean done) {
      synchronized (progress) {
        progress.add(new Progress(item, bytes, total, done));
      }
    }
  };
  private final List<Progress> progress = new ArrayList<>();

  private record Progress(String item, long bytes, long total, boolean done) {}

  @BeforeEach
  void setUp() throws Exception {
    fx = new OffsiteFixture(tmp);
  }

  @AfterEach
  void tearDown() throws Exception {
    OffsiteFixture.deleteTree(tmp.resolve("server"));
  }

  private Map<String, String> env(Path backupDir, String mode) {
    Map<String, String> env = fx.env(backupDir);
    switch (mode) {
      case "passphrase" -> env.put("BACKUP_ENCRYPTION_PASSPHRASE", OffsiteFixture.PASSPHRASE);
      case "age" -> {
        env.put("BACKUP_ENCRYPTION_RECIPIENTS", CryptoVectorsTest.RECIPIENT);
        env.put("BACKUP_ENCRYPTION_IDENTITY", CryptoVectorsTest.IDENTITY);
      }
      default -> { }
    }
    return env;
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"none", "passphrase", "age"})
  void pushThenPullIntoAnEmptyFolderGivesEveryByteBack(String mode) throws Exception {
    Path here = tmp.resolve("here");
    BackupStore store = OffsiteFixture.store(here);
    OffsiteFixture.writeSet(store, DAY1, Instant.parse("2026-11-24T00:00:05Z"), 3_000_000);
    OffsiteFixture.writeSet(store, DAY2, Instant.parse("2026-11-25T00:00:05Z"), 2_000_000);
    Settings settings = OffsiteFixture.settings(env(here, mode));
    OffsiteService offsite = OffsiteFixture.offsite(settings, store, listener, Retry.none());

    PushReport report = offsite.pushAfterBackup(DAY2);

    report.failed().forEach(f -> f.error().printStackTrace());
    assertThat(report.failed()).isEmpty();
    assertThat(report.pushed()).extracting(PushReport.Pushed::label).containsExactly(DAY2, DAY1);
    assertThat(offsite.list()).extracting(RemoteSet::label, RemoteSet::kind)
        .containsExactly(org.assertj.core.api.Assertions.tuple(DAY1, RemoteSet.Kind.COMPLETE),
            org.assertj.core.api.Assertions.tuple(DAY2, RemoteSet.Kind.COMPLETE));
    if (!mode.equals("none")) {
      assertThat(remoteFiles()).noneMatch(p -> p.endsWith(".gz") && !p.endsWith(".tar.gz"))
          .anyMatch(p -> p.endsWith(DAY2 + ".tar.gz" + (mode.equals("age") ? ".age" : ".enc")));
    }

    Path there = tmp.resolve("there");
    BackupStore empty = OffsiteFixture.store(there);
    OffsiteService back = OffsiteFixture.offsite(OffsiteFixture.settings(env(there, mode)), empty, listener,
        Retry.none());
    progress.clear();
    PullReport first = back.pull("latest");
    List<Progress> firstPull = List.copyOf(progress);
    PullReport second = back.pull(DAY1.value());

    // The pull tells its progress: every stored object, and the Elasticsearch files as one item, end whole.
    List<Progress> ends = firstPull.stream().filter(Progress::done).toList();
    assertThat(ends).allSatisfy(e -> assertThat(e.bytes()).as(e.item()).isEqualTo(e.total()).isPositive());
    assertThat(ends).extracting(Progress::item).anyMatch(i -> i.startsWith(DAY2 + ": elasticsearch/ (")
        && i.endsWith(" files)"));
    assertThat(ends).extracting(Progress::item).anyMatch(i -> mode.equals("none")
        ? i.equals(DAY2 + ": mongo/hearth-dev-" + DAY2 + ".gz") : i.startsWith(DAY2 + ": " + DAY2 + ".tar.gz"));
    assertThat(firstPull).filteredOn(e -> !e.done()).allSatisfy(e -> assertThat(e.bytes()).isLessThan(e.total()));

    assertThat(first.label()).isEqualTo(DAY2);
    assertThat(second.label()).isEqualTo(DAY1);
    assertThat(first.elasticsearchNote()).isEmpty();
    assertThat(second.elasticsearchNote()).isEmpty();
    // The second set's Elasticsearch part is in the repository the first pull placed (it holds both snapshots).
    OffsiteFixture.assertSameFiles(here, there);
    List<BackupSet> sets = empty.sets();
    assertThat(sets).extracting(BackupSet::label).containsExactly(DAY1, DAY2);
    assertThat(sets).allSatisfy(s -> {
      assertThat(s.status()).isEqualTo(SetStatus.COMPLETE);
      assertThat(s.snapshot()).isPresent();
    });
    for (BackupSet s : sets) {
      assertThat(empty.check(s, line -> { }).problems()).isEmpty();
    }
  }

  @Test
  void aSecondPushSendsNothingAndTheNextSetOnlyTheNewElasticsearchFiles() throws Exception {
    Path here = tmp.resolve("here");
    BackupStore store = OffsiteFixture.store(here);
    OffsiteFixture.writeSet(store, DAY1, Instant.parse("2026-11-24T00:00:05Z"), 500_000);
    OffsiteService offsite = OffsiteFixture.offsite(OffsiteFixture.settings(env(here, "passphrase")), store, listener,
        Retry.none());
    PushReport first = offsite.pushAfterBackup(DAY1);
    OffsiteFixture.writeSet(store, DAY2, Instant.parse("2026-11-25T00:00:05Z"), 500_000);

    PushReport again = offsite.pushAfterBackup(DAY2);

    assertThat(first.pushed()).singleElement().satisfies(p -> assertThat(p.filesSent()).isEqualTo(1 + 4));
    assertThat(again.pushed()).extracting(PushReport.Pushed::label).containsExactly(DAY2, DAY1);
    PushReport.Pushed day2 = again.pushed().get(0);
    // the bundle, and the snapshot's new files: a blob, snap-, meta- and the new index-N
    assertThat(day2.filesSent()).isEqualTo(1 + 4);
    assertThat(day2.filesKept()).isEqualTo(3);
    assertThat(again.pushed().get(1).alreadyThere()).isTrue();
  }

  /**
   * Two runs (two processes: two mirror salts) each push a set in passphrase mode; the second set's
   * snapshot needs mirror files of both runs, and a pull opens each under its own mirror passphrase.
   */
  @Test
  void aSetWhoseMirrorFilesCameFromTwoRunsIsPulledBackWhole() throws Exception {
    Path here = tmp.resolve("here");
    BackupStore store = OffsiteFixture.store(here);
    OffsiteFixture.writeSet(store, DAY1, Instant.parse("2026-11-24T00:00:05Z"), 500_000);
    OffsiteFixture.offsite(OffsiteFixture.settings(env(here, "passphrase")), store, listener, Retry.none())
        .pushAfterBackup(DAY1);
    OffsiteFixture.writeSet(store, DAY2, Instant.parse("2026-11-25T00:00:05Z"), 500_000);
    PushReport second = OffsiteFixture.offsite(OffsiteFixture.settings(env(here, "passphrase")), store, listener,
        Retry.none()).pushAfterBackup(DAY2);
    assertThat(second.failed()).isEmpty();
    String index = Files.readString(fx.remoteDir.resolve("_elasticsearch/crvs-backup-index.txt"));
    java.util.Set<String> mirrorSalts = index.lines().filter(l -> l.startsWith("es "))
        .map(l -> l.split(" ")[8].split(":")[1]).collect(java.util.stream.Collectors.toSet());

    Path there = tmp.resolve("there");
    OffsiteService back = OffsiteFixture.offsite(OffsiteFixture.settings(env(there, "passphrase")),
        OffsiteFixture.store(there), listener, Retry.none());
    PullReport pulled = back.pull(DAY2.value());

    assertThat(mirrorSalts).hasSize(2);
    assertThat(pulled.label()).isEqualTo(DAY2);
    assertThat(pulled.elasticsearchNote()).isEmpty();
    Map<String, String> expected = new java.util.TreeMap<>(OffsiteFixture.tree(here));
    expected.keySet().removeIf(k -> k.contains(DAY1.value()));
    Map<String, String> actual = new java.util.TreeMap<>(OffsiteFixture.tree(there));
    actual.keySet().removeIf(k -> k.contains(DAY1.value()));
    assertThat(actual).isEqualTo(expected);
  }

  private List<String> remoteFiles() throws Exception {
    try (Stream<Path> s = Files.walk(fx.remoteDir)) {
      return s.filter(Files::isRegularFile).map(p -> fx.remoteDir.relativize(p).toString()).toList();
    }
  }
}
