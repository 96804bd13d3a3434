package io.crvsbackup.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4: a process that scaled the dependents down is killed with {@code kill -9}; the journal it wrote
 * brings the services back to exactly their replicas, as {@code serve} does at start-up, or lets a
 * {@code restore --resume} hold them down again, finish, and bring them back.
 */
class CrashRecoveryIT {
  @TempDir Path dir;

  @Test
  void theJournalOfAKilledProcessBringsTheServicesBack() throws Exception {
    try (TestStack stack = TestStack.create("crash")) {
      Crashed crashed = crashAfterScaleDown(stack);
      long t0 = System.nanoTime();
      try (Swarm swarm = Swarm.connect(stack.dockerHost)) {
        // without the journal, the swarm itself still tells what to bring back
        assertThat(swarm.findInterrupted(stack.name).orElseThrow().services())
            .containsExactlyInAnyOrderElementsOf(crashed.record().services());
        // an operator who starts a new restore instead of --resume gets the real counts, not 0
        assertThat(ScalePlan.of(swarm.discover(stack.name), false).record().services())
            .containsExactlyInAnyOrderElementsOf(crashed.record().services());

        List<ServiceState> states = swarm.scaleBack(crashed.record(), SwarmScaleIT.FAST, SwarmProgress.NONE);
        System.out.printf("recovery took %d ms: %s%n", (System.nanoTime() - t0) / 1_000_000, states);
        assertThat(states).extracting(ServiceState::ok).containsOnly(true);
        assertThat(states).extracting(ServiceState::detail).containsExactly("2/2 running", "3/3 running", "1/1 running");
        assertThat(swarm.findInterrupted(stack.name)).isEmpty();
      }
      assertThat(stack.running(crashed.ids().get(0))).isEqualTo(2);
      assertThat(stack.running(crashed.ids().get(1))).isEqualTo(1);
      assertThat(stack.running(crashed.ids().get(2))).isEqualTo(3);
    }
  }

  @Test
  void aResumedRestoreHoldsTheServicesDownAgainAndThenBringsThemBack() throws Exception {
    try (TestStack stack = TestStack.create("resume")) {
      Crashed crashed = crashAfterScaleDown(stack);
      String workflow = crashed.ids().get(1);
      new Scaler(stack.api).scale(workflow, "workflow", 1, OptionalInt.of(0)); // someone scaled it up meanwhile
      stack.awaitRunning(workflow, 1);

      try (Swarm swarm = Swarm.connect(stack.dockerHost)) {
        try (Quiesce q = swarm.scaleDownAgain(crashed.record(), SwarmScaleIT.FAST, SwarmProgress.NONE)) {
          for (String id : crashed.ids()) {
            assertThat(stack.replicas(id)).isZero();
            assertThat(stack.live(id)).isZero();
          }
          assertThat(stack.labels(workflow)).containsEntry(ServiceInfo.SCALED_DOWN_FROM, "1");
        }
      }
      assertThat(stack.running(crashed.ids().get(0))).isEqualTo(2);
      assertThat(stack.running(workflow)).isEqualTo(1);
      assertThat(stack.running(crashed.ids().get(2))).isEqualTo(3);
    }
  }

  /** Services gateway 2, workflow 1, search 3 and mongo1; the ids in that order, and the journal's record. */
  private record Crashed(List<String> ids, ScaleRecord record) {}

  private Crashed crashAfterScaleDown(TestStack stack) throws Exception {
    String a = stack.service("gateway", 2, Map.of());
    String b = stack.service("workflow", 1, Map.of());
    String c = stack.service("search", 3, Map.of());
    String db = stack.service("mongo1", 1, Map.of());
    for (var e : Map.of(a, 2, b, 1, c, 3, db, 1).entrySet()) {
      stack.awaitRunning(e.getKey(), e.getValue());
    }
    Path journal = dir.resolve(".restore-journal.json");
    Process p = new ProcessBuilder(java(), "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        ScaleDownMain.class.getName(), stack.dockerHost, stack.name, journal.toString())
        .redirectErrorStream(true).start();
    try {
      List<String> said = awaitLine(p, "SCALED");
      for (String id : List.of(a, b, c)) {
        assertThat(stack.replicas(id)).isZero();
        assertThat(stack.live(id)).isZero();
      }
      p.destroyForcibly(); // SIGKILL: no shutdown hook, no finally
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as("killed by signal 9; it said %s", said).isEqualTo(137);
    } finally {
      p.destroyForcibly();
    }
    for (String id : List.of(a, b, c)) {
      assertThat(stack.replicas(id)).as("nobody scaled %s back", id).isZero();
    }
    assertThat(stack.running(db)).isEqualTo(1);
    JsonNode saved = DockerApi.JSON.readTree(Files.readString(journal));
    ScaleRecord record = ScaleRecord.fromJson(saved.path("swarm"));
    assertThat(record.services()).extracting(ScaleRecord.Entry::id, ScaleRecord.Entry::replicas)
        .containsExactly(tuple(a, 2), tuple(c, 3), tuple(b, 1));
    return new Crashed(List.of(a, b, c), record);
  }

  private static List<String> awaitLine(Process p, String prefix) throws Exception {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) {
          lines.add(line);
        }
      } catch (Exception e) {
        lines.add("READ FAILED " + e);
      }
    });
    reader.setDaemon(true);
    reader.start();
    List<String> seen = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      String line = lines.poll(1, TimeUnit.SECONDS);
      if (line != null) {
        seen.add(line);
        if (line.startsWith(prefix)) {
          return seen;
        }
      } else if (!p.isAlive() && lines.isEmpty()) {
        break;
      }
    }
    throw new AssertionError("the scale-down process did not print " + prefix + "; it said " + seen);
  }

  private static String java() {
    return ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }
}
