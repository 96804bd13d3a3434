package io.crvsbackup.job;

import io.crvsbackup.config.ConfigLoader;
import io.crvsbackup.config.Settings;
import io.crvsbackup.store.Artifact;
import io.crvsbackup.store.AtomicFiles;
import io.crvsbackup.store.BackupStore;
import io.crvsbackup.store.Label;
import io.crvsbackup.store.Manifest;
import io.crvsbackup.store.SetStatus;
import io.crvsbackup.store.WrittenFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A BACKUP_DIR holding one complete set whose only part belongs to {@link FakeEngine}. */
final class FlowFixture {
  static final String LABEL = "2026-11-20";

  private FlowFixture() {}

  static BackupStore storeWithSet(Path dir) throws Exception {
    BackupStore store = BackupStore.open(dir, Clock.systemUTC(), true);
    Label label = Label.parse(LABEL);
    store.beginRun(label);
    WrittenFile f = AtomicFiles.write(dir.resolve("fake/data-" + LABEL + ".bin"),
        "registrations".getBytes(StandardCharsets.UTF_8));
    store.finishRun(new Manifest(label, SetStatus.COMPLETE, store.clock().instant(),
        Optional.of(store.clock().instant()), "test",
        List.of(new Artifact(FakeEngine.NAME, "fake/data-" + LABEL + ".bin", f.size(), f.sha256())),
        Map.of(), List.of()));
    return store;
  }

  static Settings settings(Path dir, String dockerHost, String stack, Map<String, String> more) throws Exception {
    Map<String, String> env = new HashMap<>(more);
    env.put("BACKUP_DIR", dir.toString());
    env.put("DOCKER_HOST", dockerHost);
    env.put("STACK_NAME", stack);
    return ConfigLoader.load(env);
  }

  /** Shows nothing, confirms, and keeps what it was shown. */
  static final class Yes implements RestoreFlow.Operator {
    List<String> stackLines = List.of();
    RestorePlan shown;

    @Override
    public void show(RestorePlan plan, List<String> stack) {
      this.shown = plan;
      this.stackLines = List.copyOf(stack);
    }

    @Override
    public boolean confirm(RestorePlan plan) {
      return true;
    }
  }
}
