package io.crvsbackup.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Another process that holds the store lock: a separate JVM running {@link LockHolderMain}. Every wait
 * is bounded; {@link #close()} kills the process, so use it in try-with-resources or a finally block.
 */
public final class LockHolder implements AutoCloseable {
  private static final long START_SECONDS = 30;
  private final Process process;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final List<String> seen = new ArrayList<>();

  private LockHolder(Process process) {
    this.process = process;
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                  lines.add(line);
                }
              } catch (IOException e) {
                lines.add("READ FAILED " + e);
              }
            },
            "lock-holder-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts a process that takes the lock on {@code lockFile}, and returns once it holds it. */
  public static LockHolder start(Path lockFile) throws Exception {
    LockHolder h = new LockHolder(jvm("hold", lockFile).start());
    try {
      h.awaitLine("HOLDING ");
      return h;
    } catch (Exception | AssertionError e) {
      h.close();
      throw e;
    }
  }

  /** Runs a process that tries the lock once; returns its line: ACQUIRED or REFUSED with the message. */
  public static String tryOnce(Path lockFile) throws Exception {
    try (LockHolder h = new LockHolder(jvm("try", lockFile).start())) {
      String line = h.awaitLine("");
      if (!h.process.waitFor(START_SECONDS, TimeUnit.SECONDS)) {
        throw new AssertionError("the lock tryer did not exit");
      }
      return line;
    }
  }

  public long pid() {
    return process.pid();
  }

  /** What the process printed so far. */
  public List<String> output() {
    lines.drainTo(seen);
    return List.copyOf(seen);
  }

  /** Kills the process as {@code kill -9} would, and waits until it is gone. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(START_SECONDS, TimeUnit.SECONDS)) {
      throw new AssertionError("process " + pid() + " did not die");
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }

  private String awaitLine(String prefix) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
    while (true) {
      long left = deadline - System.nanoTime();
      String line = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
      if (line == null) {
        throw new AssertionError(
            "the lock process printed no line starting '" + prefix + "' within " + START_SECONDS + " s; it said "
                + seen + (process.isAlive() ? "" : " and exited with " + process.exitValue()));
      }
      seen.add(line);
      if (line.startsWith(prefix)) {
        return line;
      }
    }
  }

  private static ProcessBuilder jvm(String mode, Path lockFile) {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    return new ProcessBuilder(
            java,
            "-Xshare:auto",
            "-XX:TieredStopAtLevel=1",
            "-cp",
            System.getProperty("java.class.path"),
            LockHolderMain.class.getName(),
            mode,
            lockFile.toString())
        .redirectErrorStream(true);
  }
}
