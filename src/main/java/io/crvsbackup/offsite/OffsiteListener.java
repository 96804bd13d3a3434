package io.crvsbackup.offsite;

/**
 * Events of offsite work, for progress lines, logs and metrics. Every method has an empty default.
 * Calls may come from more than one thread.
 */
public interface OffsiteListener {
  OffsiteListener NONE = new OffsiteListener() {};

  /**
   * Progress of one file: {@code bytes} of {@code total} (-1 when unknown) moved so far.
   *
   * @param item what moves, as {@code <label>: <path>}
   */
  default void progress(String item, long bytes, long total, boolean done) {}

  /** A plain informational line. */
  default void info(String message) {}

  /** Something an operator should look at that did not fail the operation. */
  default void warning(String message) {}
}
