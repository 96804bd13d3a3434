package io.crvsbackup.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 8, end to end on a real swarm: {@code scripts/e2e/run} (also the README's "run the main job")
 * builds the sidecar image from the Dockerfile and database images from local binaries, deploys an
 * OpenCRVS-shaped stack with {@code docker stack deploy} and {@code docker-compose.backup.yml}, seeds
 * data, runs {@code docker exec <sidecar> backup}, changes and deletes data, runs {@code docker exec
 * <sidecar> restore <label> 1 --yes}, and checks the data (fingerprints of every collection, index and
 * measurement), the services' replicas, /health, /metrics and memory, then removes the stack. The
 * script does the checking and prints one "ok" line per check; this test runs it and holds it to
 * every one of them.
 */
class StackE2EIT {
  private static final List<String> CHECKS = List.of(
      "ok stack deployed",
      "ok MongoDB (rs0), Elasticsearch and InfluxDB answer on the stack's network",
      "ok data seeded",
      "ok backup set ",
      "ok every mongo archive passes gzip -t",
      "ok data changed",
      "ok restore ",
      "ok every collection, index and measurement is back as backed up",
      "ok every application service has its replicas again",
      "ok /health 200 and /metrics with every engine",
      "ok memory: ",
      "ok stack removed");

  @Test
  void theWholeStackIsBackedUpAndRestoredThroughDockerExec() throws Exception {
    String jar = System.getProperty("crvs.jar");
    assertThat(jar).as("system property crvs.jar (set by Failsafe)").isNotBlank();
    Path log = Files.createTempFile("crvs-e2e", ".log");
    ProcessBuilder pb = new ProcessBuilder("scripts/e2e/run").redirectError(log.toFile());
    pb.environment().put("CRVS_BACKUP_JAR", jar);
    pb.environment().remove("E2E_KEEP");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    boolean finished = p.waitFor(20, TimeUnit.MINUTES);
    if (!finished) {
      p.destroyForcibly();
    }
    String err = read(log);
    System.out.println(out);
    System.out.println("--- scripts/e2e/run stderr (last 12000 characters) ---");
    System.out.println(err.substring(Math.max(0, err.length() - 12000)));
    assertThat(finished).as("scripts/e2e/run finished within 20 minutes").isTrue();
    assertThat(p.exitValue()).as("exit code of scripts/e2e/run; its output:\n" + out).isZero();
    for (String check : CHECKS) {
      assertThat(out).as("the check '" + check + "'").contains("\n" + check);
    }
    assertThat(out).contains("e2e: PASS").doesNotContain("FAIL");
  }

  private static String read(Path log) throws IOException {
    try {
      return Files.readString(log);
    } finally {
      Files.deleteIfExists(log);
    }
  }
}
