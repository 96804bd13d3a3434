package io.crvsbackup.job;

import java.time.Duration;

/**
 * Events of a backup or restore. The engines and flows emit them; CLI progress, logs and metrics are
 * listeners. Every method has an empty default, so a listener implements only what it shows. Calls may
 * come from several threads.
 */
public interface JobListener {
  JobListener NONE = new JobListener() {};

  /** An engine begins its part; {@code target} says where (host, database). */
  default void engineStarted(String engine, String target) {}

  /**
   * Progress within an engine: {@code item} (a collection, a shard) has {@code count} records, {@code bytes};
   * {@code count} is -1 where records mean nothing (the files of an offsite copy).
   */
  default void progress(String engine, String item, long count, long bytes, boolean done) {}

  /** Something worth an operator's attention that did not fail the engine. */
  default void warning(String engine, String message) {}

  /** A plain informational line. */
  default void info(String engine, String message) {}

  /** An engine finished, well or not. */
  default void engineFinished(String engine, Duration took, boolean ok, String summary) {}
}
