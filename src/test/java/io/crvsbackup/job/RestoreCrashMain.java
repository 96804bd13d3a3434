package io.crvsbackup.job;

import io.crvsbackup.config.Settings;
import io.crvsbackup.store.BackupStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Runs a restore whose engine blocks, printing RESTORING once the services are down, so that a test
 * can kill -9 this JVM at that point. Args: BACKUP_DIR DOCKER_HOST STACK.
 */
public final class RestoreCrashMain {
  private RestoreCrashMain() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    Settings settings = FlowFixture.settings(dir, args[1], args[2], Map.of());
    BackupStore store = BackupStore.open(dir, Clock.systemUTC(), true);
    FakeEngine blocking = new FakeEngine(() -> {
      System.out.println("RESTORING");
      System.out.flush();
      Thread.sleep(120_000);
    });
    new RestoreFlow(store, settings, e -> List.of(blocking), JobListener.NONE).run(
        new RestoreFlow.Request(FlowFixture.LABEL, OptionalInt.empty(), List.of(), Map.of(), false, false, false),
        new FlowFixture.Yes());
    System.out.println("FINISHED");
  }
}
