package io.crvsbackup.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crvsbackup.env.TestEnv;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The sidecar image, built by {@code scripts/build-image} from the {@code Dockerfile} on the local JRE
 * base, on the private daemon of scripts/test-env: its commands on PATH, labels, HEALTHCHECK, and
 * {@code serve} as the default command, whose {@code /health} the HEALTHCHECK reads.
 */
class ImageIT {
  private static final String TAG = "crvs-backup:test";
  private static final Duration BUILD = Duration.ofMinutes(10);
  private static final Duration RUN = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  record Result(int code, String out) {}

  @BeforeAll
  static void buildImage() throws Exception {
    TestEnv.require("DOCKER_HOST");
    String jar = System.getProperty("crvs.jar");
    assertThat(jar).as("system property crvs.jar (set by Failsafe)").isNotBlank();
    assertThat(Path.of(jar)).as("the packaged jar").exists();
    Result r = exec(BUILD, List.of("CRVS_BACKUP_JAR=" + jar), "scripts/build-image", TAG);
    assertThat(r.code()).as(r.out()).isZero();
    assertThat(r.out().strip().lines().reduce((a, b) -> b).orElse("")).isEqualTo(TAG);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "restore funday | 2 | there is no set 'funday'; it is not a date, a weekday, latest or the label of a set",
    "restore latest 4 | 2 | <replicas> must be 1, 3 or 5",
    "backup --label BAD! | 2 | is not a valid label",
    "crvs-backup --version | 0 | crvs-backup "
  })
  void commandsOnThePathRunTheJar(String args, int code, String expected) throws Exception {
    var command = new ArrayList<>(List.of("docker", "run", "--rm", "--network", "none",
        "--tmpfs", "/data/backups", TAG));
    command.addAll(List.of(args.split(" ")));
    Result r = exec(RUN, List.of(), command.toArray(String[]::new));
    assertThat(r.code()).as(r.out()).isEqualTo(code);
    assertThat(r.out()).contains(expected);
  }

  @Test
  void restoreListsTheSetsThatExist() throws Exception {
    // An empty BACKUP_DIR says so; the message names the sets when there are some.
    Result r = exec(RUN, List.of(), "docker", "run", "--rm", "--network", "none", "--tmpfs", "/data/backups", TAG,
        "restore", "funday");
    assertThat(r.code()).as(r.out()).isEqualTo(2);
    assertThat(r.out()).contains("there is no set 'funday'").contains("There are no backup sets yet");
  }

  @Test
  void versionIsTheJarsVersion() throws Exception {
    Result r = exec(RUN, List.of(), "docker", "run", "--rm", "--network", "none", TAG, "crvs-backup", "--version");
    assertThat(r.code()).as(r.out()).isZero();
    assertThat(r.out().strip()).matches("crvs-backup \\d+\\.\\d+\\.\\d+\\S*");
  }

  @Test
  void labelsHealthcheckAndDefaultCommand() throws Exception {
    JsonNode config = inspect(TAG).get("Config");
    JsonNode labels = config.get("Labels");
    assertThat(labels.path("org.opencontainers.image.title").asText()).isEqualTo("crvs-backup");
    assertThat(labels.path("org.opencontainers.image.source").asText()).startsWith("https://");
    assertThat(labels.path("org.opencontainers.image.description").asText()).contains("OpenCRVS");
    String version = exec(RUN, List.of(), "docker", "run", "--rm", "--network", "none", TAG,
        "crvs-backup", "--version").out().strip().replace("crvs-backup ", "");
    assertThat(labels.path("org.opencontainers.image.version").asText()).isEqualTo(version);

    JsonNode health = config.get("Healthcheck");
    assertThat(health).as("HEALTHCHECK").isNotNull();
    assertThat(health.get("Test").get(0).asText()).isEqualTo("CMD-SHELL");
    assertThat(health.get("Test").get(1).asText()).contains("/health").contains("HTTP_PORT");

    assertThat(config.path("Entrypoint").isNull() || config.path("Entrypoint").isMissingNode()).isTrue();
    assertThat(JSON.convertValue(config.get("Cmd"), List.class)).isEqualTo(List.of("crvs-backup", "serve"));

    Result path = exec(RUN, List.of(), "docker", "run", "--rm", "--network", "none", TAG,
        "sh", "-c", "for c in crvs-backup backup restore wget java; do command -v $c || exit 1; done");
    assertThat(path.code()).as(path.out()).isZero();
    assertThat(path.out()).contains("/usr/local/bin/crvs-backup", "/usr/local/bin/backup", "/usr/local/bin/restore");
  }

  @Test
  void serveIsTheDefaultAndUnhealthyAfterAnInterruptedRun() throws Exception {
    String name = "crvs-it-image-" + UUID.randomUUID().toString().substring(0, 8);
    // BACKUP_DIR holds only a run that never finished (its start marker): serve must say it is unhealthy.
    Path backups = Files.createTempDirectory("crvs-image-it-backups");
    Files.createDirectories(backups.resolve("manifests"));
    Files.writeString(backups.resolve("manifests/2026-11-25.started"), "2026-11-25T00:00:01Z");
    // The image's HEALTHCHECK command, with timings short enough for a test (0s would mean: the image's).
    Result run = exec(RUN, List.of(), "docker", "run", "-d", "--name", name, "--network", "none",
        "-v", backups + ":/data/backups", "-v", dockerSocket() + ":/var/run/docker.sock", "--health-interval", "2s", "--health-timeout", "5s",
        "--health-retries", "1", "--health-start-period", "1s", TAG);
    try {
      assertThat(run.code()).as(run.out()).isZero();
      Result health = await(Duration.ofSeconds(60), r -> r.out().contains("HTTP/1.1 503"),
          "docker", "exec", name, "wget", "-S", "-O-", "http://127.0.0.1:8080/health");
      assertThat(health.out()).contains("HTTP/1.1 503");
      assertThat(health.code()).isNotZero();

      Result status = await(Duration.ofSeconds(60), r -> r.out().strip().equals("unhealthy"),
          "docker", "inspect", "-f", "{{.State.Health.Status}}", name);
      assertThat(status.out().strip()).isEqualTo("unhealthy");

      // java is PID 1, running serve with the sidecar's flags, and small when idle.
      Result proc = exec(RUN, List.of(), "docker", "exec", name, "sh", "-c",
          "tr '\\0' ' ' < /proc/1/cmdline; echo; grep VmRSS /proc/1/status");
      assertThat(proc.out()).contains("java ").contains("-XX:+UseSerialGC").contains("crvs-backup.jar serve");
      long rssKb = Long.parseLong(proc.out().replaceAll("(?s).*VmRSS:\\s*(\\d+) kB.*", "$1"));
      System.out.println("ImageIT: idle RSS of serve: " + rssKb / 1024 + " MB");
      assertThat(rssKb).as("idle RSS in kB").isLessThan(128 * 1024);

      // SIGTERM reaches serve (PID 1) and it stops well before docker's kill.
      long start = System.nanoTime();
      Result stop = exec(RUN, List.of(), "docker", "stop", "-t", "30", name);
      assertThat(stop.code()).as(stop.out()).isZero();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
      assertThat(inspect(name).path("State").path("Running").asBoolean()).isFalse();
    } finally {
      exec(RUN, List.of(), "docker", "rm", "-f", name);
    }
  }

  @Test
  void serveAndBackupRefuseABackupDirThatIsNotMounted() throws Exception {
    // The operator forgot the bind mount of /data/backups: the image has no such folder, so it says so.
    Result missing = exec(RUN, List.of(), "docker", "run", "--rm", "--network", "none",
        "-v", dockerSocket() + ":/var/run/docker.sock", TAG);
    assertThat(missing.code()).as(missing.out()).isEqualTo(2);
    assertThat(missing.out()).contains("ERROR BACKUP_DIR /data/backups does not exist")
        .contains("mount the host's backup folder there");
    // The folder exists in the container (made by hand, or by a derived image) but is not a mount:
    // backups would land in the container's own layer, so serve and backup refuse.
    Result serve = exec(RUN, List.of(), "docker", "run", "--rm", "--network", "none",
        "-v", dockerSocket() + ":/var/run/docker.sock", TAG, "sh", "-c", "mkdir -p /data/backups && exec crvs-backup serve");
    assertThat(serve.code()).as(serve.out()).isEqualTo(2);
    assertThat(serve.out()).contains("ERROR BACKUP_DIR /data/backups is not a mounted folder")
        .contains("volumes: - /data/backups:/data/backups");
    Result backup = exec(RUN, List.of(), "docker", "run", "--rm", "--network", "none", TAG,
        "sh", "-c", "mkdir -p /data/backups && exec backup");
    assertThat(backup.code()).as(backup.out()).isEqualTo(2);
    assertThat(backup.out()).contains("is not a mounted folder").doesNotContain("Exception");
  }

  @Test
  void serveRefusesToRunWithoutTheDockerSocket() throws Exception {
    Result serve = exec(RUN, List.of(), "docker", "run", "--rm", "--network", "none",
        "--tmpfs", "/data/backups", TAG);
    assertThat(serve.code()).as(serve.out()).isEqualTo(2);
    assertThat(serve.out()).contains("ERROR serve cannot run as the stack's sidecar: the Docker socket"
        + " /var/run/docker.sock is not mounted: add it to the backup service's volumes");
  }

  /** The test daemon's socket on this machine, to mount as the container's /var/run/docker.sock. */
  private static String dockerSocket() {
    String host = TestEnv.require("DOCKER_HOST");
    assertThat(host).startsWith("unix://");
    return host.substring("unix://".length());
  }

  private static JsonNode inspect(String what) throws Exception {
    Result r = exec(RUN, List.of(), "docker", "inspect", what);
    assertThat(r.code()).as(r.out()).isZero();
    return JSON.readTree(r.out()).get(0);
  }

  private static Result await(Duration limit, Predicate<Result> done, String... command) throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    Result last = exec(RUN, List.of(), command);
    while (!done.test(last) && System.nanoTime() < deadline) {
      Thread.sleep(500);
      last = exec(RUN, List.of(), command);
    }
    return last;
  }

  /** Runs a command in the repo with the test-env's Docker variables, stdout and stderr together. */
  private static Result exec(Duration limit, List<String> env, String... command)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile("crvs-image-it", ".out");
    try {
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
      pb.environment().putIfAbsent("DOCKER_API_VERSION", "1.41");
      for (String kv : env) {
        int eq = kv.indexOf('=');
        pb.environment().put(kv.substring(0, eq), kv.substring(eq + 1));
      }
      Process p = pb.start();
      if (!p.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        throw new AssertionError(String.join(" ", command) + " did not finish within " + limit
            + ":\n" + Files.readString(out, StandardCharsets.UTF_8));
      }
      return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
    }
  }
}
