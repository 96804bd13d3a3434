package io.crvsbackup.daemon;

import io.crvsbackup.job.JobListener;
import java.time.Duration;

/** A job's events as {@code serve}'s log lines: a failed engine is an {@code ERROR} line. */
final class LogListener implements JobListener {
  private final Log log;

  LogListener(Log log) {
    this.log = log;
  }

  @Override
  public void engineStarted(String engine, String target) {
    log.info(engine, "starting (" + target + ")");
  }

  @Override
  public void progress(String engine, String item, long count, long bytes, boolean done) {
    if (done) {
      log.info(engine, item + ": " + (count < 0 ? "" : count + " records, ") + bytes + " bytes");
    }
  }

  @Override
  public void warning(String engine, String message) {
    log.warn(engine, message);
  }

  @Override
  public void info(String engine, String message) {
    log.info(engine, message);
  }

  @Override
  public void engineFinished(String engine, Duration took, boolean ok, String summary) {
    if (ok) {
      log.info(engine, "finished in " + took.toMillis() + " ms: " + summary);
    } else {
      log.error(engine, "failed after " + took.toMillis() + " ms: " + summary);
    }
  }
}
