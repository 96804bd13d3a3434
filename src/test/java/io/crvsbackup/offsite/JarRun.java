package io.crvsbackup.offsite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * Runs the packaged {@code crvs-backup.jar} ({@code -Dcrvs.jar}, as the image's commands do) with only the
 * environment given, and watches every process on the machine while it runs: a secret that appears in any
 * process's arguments (ours, or a command the sshd of the test environment runs for us) is recorded.
 */
final class JarRun {
  /** What one run printed (stdout and stderr apart) and returned, and the arguments a secret was seen in. */
  record Result(int code, String out, String err, List<String> secretSeenIn) {
    String all() {
      return out + err;
    }

    /** Exit code as expected, with the output in the failure message. */
    Result expect(int expected) {
      assertThat(code).as("exit code of a run that printed:%n%s%s", out, err).isEqualTo(expected);
      return this;
    }
  }

  private JarRun() {}

  static Result run(Map<String, String> env, List<String> secrets, String... args) throws Exception {
    return run(env, secrets, () -> { }, args);
  }

  /**
   * @param whileRunning called over and over while the process runs (checks of the stack, say); its
   *     exceptions fail the run
   */
  static Result run(Map<String, String> env, List<String> secrets, ThrowingRunnable whileRunning, String... args)
      throws Exception {
    String jar = System.getProperty("crvs.jar");
    assertThat(jar).as("-Dcrvs.jar (set by failsafe)").isNotNull();
    assertThat(Path.of(jar)).as("the packaged jar").exists();
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-jar", jar));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().clear();
    pb.environment().put("PATH", System.getenv("PATH"));
    pb.environment().put("HOME", System.getenv().getOrDefault("HOME", "/root"));
    pb.environment().putAll(env);
    Process p = pb.start();
    p.getOutputStream().close();
    CompletableFuture<String> out = drain(p.getInputStream());
    CompletableFuture<String> err = drain(p.getErrorStream());
    List<String> seen = new ArrayList<>();
    AtomicBoolean failed = new AtomicBoolean();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(8);
    while (!p.waitFor(25, TimeUnit.MILLISECONDS)) {
      seen.addAll(scanArguments(secrets));
      whileRunning.run();
      if (System.nanoTime() > deadline) {
        p.destroyForcibly();
        failed.set(true);
      }
    }
    assertThat(failed).as("crvs-backup %s finished within 8 minutes", String.join(" ", args)).isFalse();
    return new Result(p.exitValue(), out.get(), err.get(), seen);
  }

  /** A check made while a run goes on. */
  @FunctionalInterface
  interface ThrowingRunnable {
    void run() throws Exception;
  }

  private static CompletableFuture<String> drain(java.io.InputStream in) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
  }

  /** The command lines of every process on the machine that hold one of the secrets. */
  static List<String> scanArguments(List<String> secrets) {
    List<String> hits = new ArrayList<>();
    if (secrets.isEmpty()) {
      return hits;
    }
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path proc : (Iterable<Path>) procs::iterator) {
        if (!proc.getFileName().toString().chars().allMatch(Character::isDigit)) {
          continue;
        }
        String cmdline;
        try {
          cmdline = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
          continue; // the process ended meanwhile
        }
        for (String s : secrets) {
          if (cmdline.contains(s)) {
            hits.add(cmdline);
          }
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return hits;
  }
}
