package io.crvsbackup.cli;

import io.crvsbackup.config.ConfigException;
import io.crvsbackup.config.ConfigLoader;
import io.crvsbackup.config.Settings;
import io.crvsbackup.store.BackupStore;
import io.crvsbackup.store.MountCheck;
import io.crvsbackup.store.StoreException;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.function.Function;
import io.crvsbackup.job.Endpoints;
import io.crvsbackup.job.Engine;

/**
 * What every command runs with: the environment it reads its configuration from, the clock, and where
 * it writes. Tests build one from a map and string writers.
 */
public record CliContext(
    Function<String, String> env,
    Clock clock,
    PrintWriter out,
    PrintWriter err,
    boolean interactive,
    EngineFactory engines) {

  /**
   * Builds the engines that the configuration asks for; {@code app} wires the concrete ones. Explicit
   * configuration wins over the discovered {@code endpoints}.
   */
  @FunctionalInterface
  public interface EngineFactory {
    List<Engine> create(Settings settings, Endpoints endpoints);
  }

  /** A context with no engines (for the commands that need none, and tests). */
  public CliContext(
      Function<String, String> env, Clock clock, PrintWriter out, PrintWriter err, boolean interactive) {
    this(env, clock, out, err, interactive, (settings, endpoints) -> List.of());
  }

  public static CliContext system(EngineFactory engines) {
    return new CliContext(
        System::getenv,
        Clock.systemDefaultZone(),
        new PrintWriter(System.out, true),
        new PrintWriter(System.err, true),
        System.console() != null,
        engines);
  }

  Settings settings() throws ConfigException {
    return ConfigLoader.load(env);
  }

  BackupStore store(Settings settings, boolean writable) throws StoreException {
    BackupStore store = BackupStore.open(settings.store().backupDir(), clock, writable);
    if (writable && settings.store().mustBeMounted()) {
      MountCheck.requireMounted(settings.store().backupDir());
    }
    return store;
  }

  /** Writes an error line with the stable marker that log scrapers look for. */
  void error(String message) {
    err.println("ERROR " + message);
    err.flush();
  }

  void warn(String message) {
    err.println("WARN  " + message);
    err.flush();
  }
}
