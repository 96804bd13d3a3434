package io.crvsbackup.offsite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.crvsbackup.config.Settings;
import io.crvsbackup.store.BackupStore;
import io.crvsbackup.store.BadInputException;
import io.crvsbackup.store.Label;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The calls the backup run and restore make, on the real sshd: a push that fails at first is retried with
 * backoff; a run whose push failed leaves its set valid and the next run pushes what is missing; restore
 * pulls a set that is only on the backup server and leaves local ones alone.
 */
class BackupRunIT {
  private static final Label DAY1 = new Label("2026-11-24");
  private static final Label DAY2 = new Label("2026-11-25");
  @TempDir Path tmp;
  private OffsiteFixture fx;
  private Path here;
  private BackupStore store;
  private Settings settings;
  private final List<Duration> slept = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    fx = new OffsiteFixture(tmp);
    here = tmp.resolve("here");
    store = OffsiteFixture.store(here);
    settings = OffsiteFixture.settings(fx.env(here));
  }

  @AfterEach
  void tearDown() throws Exception {
    OffsiteFixture.deleteTree(tmp.resolve("server"));
  }

  /** The real connection, after {@code failures} refused attempts. */
  private OffsiteService offsite(int failures, Retry retry) {
    AtomicInteger attempts = new AtomicInteger();
    return new OffsiteService(settings.offsite(), store, OffsiteListener.NONE, retry,
        Encryption.of(Optional.empty(), List.of(), Optional.empty()), () -> {
          if (attempts.getAndIncrement() < failures) {
            throw new OffsiteException(OffsiteException.Kind.UNREACHABLE, "cannot reach the backup server (test)");
          }
          return SshConnector.connect(settings.offsite().server().orElseThrow(), Optional.empty());
        }, slept::add);
  }

  @Test
  void aPushThatFailsAtFirstIsRetriedWithBackoff() throws Exception {
    OffsiteFixture.writeSet(store, DAY2, Instant.parse("2026-11-25T00:00:05Z"), 100_000);

    PushReport report = offsite(2, new Retry(List.of(Duration.ofSeconds(30), Duration.ofMinutes(2))))
        .pushAfterBackup(DAY2);

    assertThat(report.ok()).isTrue();
    assertThat(report.pushed()).extracting(PushReport.Pushed::label).containsExactly(DAY2);
    assertThat(slept).containsExactly(Duration.ofSeconds(30), Duration.ofMinutes(2));
  }

  @Test
  void aFailedPushLeavesTheSetValidAndTheNextRunPushesWhatIsMissing() throws Exception {
    OffsiteFixture.writeSet(store, DAY1, Instant.parse("2026-11-24T00:00:05Z"), 100_000);
    Map<String, String> before = OffsiteFixture.tree(here);

    PushReport failed = offsite(99, Retry.none()).pushAfterBackup(DAY1);
    Map<String, String> after = OffsiteFixture.tree(here);
    OffsiteFixture.writeSet(store, DAY2, Instant.parse("2026-11-25T00:00:05Z"), 100_000);
    PushReport next = offsite(0, Retry.none()).pushAfterBackup(DAY2);

    assertThat(failed.ok()).isFalse();
    assertThat(failed.failed()).extracting(PushReport.Failed::label).containsExactly(DAY1);
    assertThat(after).isEqualTo(before);
    assertThat(store.check(store.resolve(DAY1.value()).set(), l -> { }).ok()).isTrue();
    assertThat(next.ok()).isTrue();
    assertThat(next.pushed()).extracting(PushReport.Pushed::label).containsExactly(DAY2, DAY1);
  }

  @Test
  void anIncompleteSetIsNotPushedAndSaysWhy() throws Exception {
    OffsiteFixture.writeSet(store, DAY1, Instant.parse("2026-11-24T00:00:05Z"), 100_000);
    store.beginRun(DAY2);

    PushReport report = offsite(0, Retry.none()).pushAfterBackup(DAY2);

    assertThat(report.failed()).singleElement().satisfies(f -> {
      assertThat(f.label()).isEqualTo(DAY2);
      assertThat(f.error().getMessage()).contains("incomplete");
    });
    // the earlier good set still travels
    assertThat(report.pushed()).extracting(PushReport.Pushed::label).containsExactly(DAY1);
  }

  @Test
  void restorePullsASetThatIsOnlyOnTheBackupServer() throws Exception {
    OffsiteFixture.writeSet(store, DAY1, Instant.parse("2026-11-24T00:00:05Z"), 100_000);
    OffsiteFixture.writeSet(store, DAY2, Instant.parse("2026-11-25T00:00:05Z"), 100_000);
    offsite(0, Retry.none()).pushAfterBackup(DAY2);
    // this host lost its newest set (a rebuilt server keeps an older copy of BACKUP_DIR, say)
    Path lost = tmp.resolve("lost");
    Files.move(here.resolve("manifests/" + DAY2 + ".json"), lost);
    for (String f : List.of("mongo/hearth-dev-", "mongo/user-mgnt-", "mongo/application-config-")) {
      Files.delete(here.resolve(f + DAY2 + ".gz"));
    }
    OffsiteFixture.deleteTree(here.resolve("influxdb/" + DAY2));
    OffsiteService offsite = offsite(0, Retry.none());

    Optional<PullReport> local = offsite.ensureLocal(DAY1.value());
    Optional<PullReport> pulled = offsite.ensureLocal("latest");
    Optional<PullReport> again = offsite.ensureLocal("latest");
    BadInputException none = catchThrowableOfType(BadInputException.class, () -> offsite.ensureLocal("2026-01-01"));

    assertThat(local).isEmpty();
    assertThat(pulled).hasValueSatisfying(p -> assertThat(p.label()).isEqualTo(DAY2));
    assertThat(again).isEmpty();
    assertThat(store.resolve("latest").set().label()).isEqualTo(DAY2);
    assertThat(Files.readAllBytes(here.resolve("manifests/" + DAY2 + ".json"))).isEqualTo(Files.readAllBytes(lost));
    assertThat(none).hasMessageContaining("2026-01-01");
  }
}
