package io.crvsbackup.cli;

import io.crvsbackup.job.JobListener;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Shows a job's events: on a terminal, one progress line per item that updates in place at most a few
 * times a second; otherwise plain timestamped log lines, one when each item finishes, so that a log
 * stays readable.
 */
final class ConsoleListener implements JobListener {
  private static final long REDRAW_NANOS = 250_000_000L;
  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean tty;
  private final Clock clock;
  private final Map<String, Long> started = new ConcurrentHashMap<>();
  private volatile long lastDraw;

  ConsoleListener(CliContext ctx) {
    this.out = ctx.out();
    this.err = ctx.err();
    this.tty = ctx.interactive();
    this.clock = ctx.clock();
  }

  @Override
  public void engineStarted(String engine, String target) {
    line(engine + ": starting (" + target + ")");
  }

  @Override
  public synchronized void progress(String engine, String item, long count, long bytes, boolean done) {
    long now = System.nanoTime();
    Long since = started.putIfAbsent(engine + "/" + item, now);
    String text = count < 0 ? engine + ": " + item + " " + Text.size(bytes)
        : String.format(Locale.ROOT, "%s: %s %,d records, %s", engine, item, count, Text.size(bytes));
    // A rate needs a start: an item whose first event is already its last one (a small file, an engine
    // that reports only ends) gets none, rather than a figure divided by a millisecond.
    if (since != null && now - since >= 1_000_000L) {
      text += ", " + Text.size((long) (bytes / ((now - since) / 1e9))) + "/s";
    }
    if (done) {
      if (tty) {
        out.print("\r\033[K");
      }
      line(text + " done");
    } else if (tty && now - lastDraw > REDRAW_NANOS) {
      lastDraw = now;
      out.print("\r\033[K" + text);
      out.flush();
    }
  }

  @Override
  public void warning(String engine, String message) {
    err.println("WARN  " + engine + ": " + message);
    err.flush();
  }

  @Override
  public void info(String engine, String message) {
    line(engine + ": " + message);
  }

  @Override
  public void engineFinished(String engine, Duration took, boolean ok, String summary) {
    if (ok) {
      line(engine + ": finished in " + Text.age(took).replace("m", "m") + " (" + took.toMillis() + " ms): " + summary);
    } else {
      err.println("ERROR " + engine + ": failed after " + took.toMillis() + " ms: " + summary);
      err.flush();
    }
  }

  private synchronized void line(String text) {
    out.println(tty ? text : clock.instant() + " " + text);
    out.flush();
  }
}
