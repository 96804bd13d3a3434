package io.crvsbackup.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crvsbackup.store.BackupStore;
import io.crvsbackup.store.Label;
import io.crvsbackup.store.Manifest;
import io.crvsbackup.store.SetStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 4, bad input: a set that is incomplete or fails verification is refused before anything is touched. */
class RestoreJobTest {
  @TempDir Path dir;

  @Test
  void aGoodSetIsVerifiedAndPlanned() throws Exception {
    BackupStore store = FlowFixture.storeWithSet(dir);
    FakeEngine engine = new FakeEngine(() -> { });

    RestorePlan plan = new RestoreJob(store, List.of(engine), JobListener.NONE).prepare("latest", List.of(), Map.of());

    assertThat(plan.set().label().value()).isEqualTo(FlowFixture.LABEL);
    assertThat(plan.engines()).containsExactly(engine);
    assertThat(plan.verifiedBytes()).isEqualTo("registrations".length());
    assertThat(engine.restores.get()).isZero();
  }

  @Test
  void aCorruptedFileRefusesTheRestoreAndNamesTheFile() throws Exception {
    BackupStore store = FlowFixture.storeWithSet(dir);
    Files.writeString(dir.resolve("fake/data-" + FlowFixture.LABEL + ".bin"), "registrationz");
    FakeEngine engine = new FakeEngine(() -> { });

    assertThatThrownBy(() -> new RestoreJob(store, List.of(engine), JobListener.NONE)
            .prepare(FlowFixture.LABEL, List.of(), Map.of()))
        .isInstanceOfSatisfying(RestoreRefusedException.class, e -> {
          assertThat(e.getMessage()).contains("failed verification").contains("nothing was touched");
          assertThat(e.problems()).anyMatch(p -> p.contains("corrupted: fake/data-" + FlowFixture.LABEL + ".bin"));
        });
    assertThat(engine.restores.get()).isZero();
  }

  @Test
  void anEngineOfflineProblemRefusesTheRestore() throws Exception {
    BackupStore store = FlowFixture.storeWithSet(dir);
    FakeEngine engine = new FakeEngine(() -> { }, List.of("corrupted: fake archive CRC mismatch at byte 42"));

    assertThatThrownBy(() -> new RestoreJob(store, List.of(engine), JobListener.NONE)
            .prepare(FlowFixture.LABEL, List.of(), Map.of()))
        .isInstanceOfSatisfying(RestoreRefusedException.class,
            e -> assertThat(e.problems()).containsExactly("corrupted: fake archive CRC mismatch at byte 42"));
  }

  @Test
  void anIncompleteSetIsRefused() throws Exception {
    BackupStore store = BackupStore.open(dir, Clock.systemUTC(), true);
    Label label = Label.parse("2026-11-21");
    store.beginRun(label);
    store.finishRun(new Manifest(label, SetStatus.INCOMPLETE, store.clock().instant(), Optional.empty(), "test",
        List.of(), Map.of(), List.of(new Manifest.Failure("fake", "server unreachable"))));
    FakeEngine engine = new FakeEngine(() -> { });

    assertThatThrownBy(() -> new RestoreJob(store, List.of(engine), JobListener.NONE)
            .prepare("2026-11-21", List.of(), Map.of()))
        .isInstanceOf(RestoreRefusedException.class)
        .hasMessageContaining("set 2026-11-21 is incomplete and cannot be restored; nothing was touched");
  }
}
