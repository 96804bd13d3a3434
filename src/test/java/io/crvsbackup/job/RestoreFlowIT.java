package io.crvsbackup.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crvsbackup.env.TestEnv;
import io.crvsbackup.store.BackupStore;
import io.crvsbackup.store.BadInputException;
import io.crvsbackup.store.LockHeldException;
import io.crvsbackup.store.StoreLock;
import io.crvsbackup.swarm.TestStack;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The restore flow on the real swarm of scripts/test-env (issue 4): dependents go to 0 while the
 * engines restore and come back to exactly their replicas in every case; the data is never touched when
 * the services could not be stopped or the input is wrong. The engine is a fake: engines have their own
 * tests; here what matters is the orchestration around them. Checks read the Docker API directly.
 */
class RestoreFlowIT {
  @TempDir Path dir;

  private static RestoreFlow.Request request(String when, OptionalInt replicas, boolean force, boolean dryRun) {
    return new RestoreFlow.Request(when, replicas, List.of(), Map.of(), force, false, dryRun);
  }

  /** mongo1 (a database, never scaled), app1..3 with 2, 1, 3 replicas, and a keep-running service. */
  private static List<String> opencrvsLike(TestStack stack) throws Exception {
    List<String> ids = new ArrayList<>();
    ids.add(stack.service("mongo1", 1, Map.of()));
    ids.add(stack.service("app1", 2, Map.of()));
    ids.add(stack.service("app2", 1, Map.of()));
    ids.add(stack.service("app3", 3, Map.of()));
    ids.add(stack.service("metrics", 1, Map.of("crvs-backup.keep-running", "true")));
    int[] replicas = {1, 2, 1, 3, 1};
    for (int i = 0; i < ids.size(); i++) {
      stack.awaitRunning(ids.get(i), replicas[i]);
    }
    return ids;
  }

  @Test
  void dependentsAreAtZeroDuringTheRestoreAndBackToTheirReplicasAfter() throws Exception {
    try (TestStack stack = TestStack.create("flow")) {
      List<String> ids = opencrvsLike(stack);
      BackupStore store = FlowFixture.storeWithSet(dir);
      List<Long> seenDuringRestore = new ArrayList<>();
      FakeEngine engine = new FakeEngine(() -> {
        for (String id : ids) {
          seenDuringRestore.add(stack.running(id));
        }
      });
      FlowFixture.Yes operator = new FlowFixture.Yes();
      RestoreFlow.Outcome out = new RestoreFlow(store, FlowFixture.settings(dir, TestEnv.require("DOCKER_HOST"),
          stack.name, Map.of()), e -> List.of(engine), JobListener.NONE)
          .run(request(FlowFixture.LABEL, OptionalInt.of(1), false, false), operator);

      assertThat(out.ok()).isTrue();
      assertThat(engine.restores.get()).isEqualTo(1);
      // mongo1 and the keep-running service ran throughout; app1..3 had no running task at all.
      assertThat(seenDuringRestore).containsExactly(1L, 0L, 0L, 0L, 1L);
      int[] expected = {1, 2, 1, 3, 1};
      for (int i = 0; i < ids.size(); i++) {
        assertThat(stack.replicas(ids.get(i))).isEqualTo(expected[i]);
        assertThat(stack.running(ids.get(i))).isEqualTo(expected[i]);
      }
      assertThat(operator.stackLines).anyMatch(l -> l.contains(stack.name + "_app1") && l.contains("2 -> 0 -> 2"));
      assertThat(Files.exists(RestoreJournal.path(store.layout()))).isFalse();
    }
  }

  @Test
  void aFailingEngineStillBringsEveryServiceBack() throws Exception {
    try (TestStack stack = TestStack.create("fail")) {
      List<String> ids = opencrvsLike(stack);
      BackupStore store = FlowFixture.storeWithSet(dir);
      FakeEngine engine = new FakeEngine(() -> {
        throw new EngineException("injected failure while restoring");
      });
      RestoreFlow.Outcome out = new RestoreFlow(store, FlowFixture.settings(dir, TestEnv.require("DOCKER_HOST"),
          stack.name, Map.of()), e -> List.of(engine), JobListener.NONE)
          .run(request(FlowFixture.LABEL, OptionalInt.empty(), false, false), new FlowFixture.Yes());

      assertThat(out.ok()).isFalse();
      assertThat(out.engines().orElseThrow().failed()).containsEntry("fake", "injected failure while restoring");
      assertThat(stack.replicas(ids.get(1))).isEqualTo(2);
      assertThat(stack.replicas(ids.get(2))).isEqualTo(1);
      assertThat(stack.replicas(ids.get(3))).isEqualTo(3);
      stack.awaitRunning(ids.get(3), 3);
      assertThat(Files.exists(RestoreJournal.path(store.layout()))).isFalse();
    }
  }

  @Test
  void dryRunShowsExactlyTheServicesAndScalesNothing() throws Exception {
    try (TestStack stack = TestStack.create("dry")) {
      List<String> ids = opencrvsLike(stack);
      BackupStore store = FlowFixture.storeWithSet(dir);
      FakeEngine engine = new FakeEngine(() -> { });
      FlowFixture.Yes operator = new FlowFixture.Yes();
      new RestoreFlow(store, FlowFixture.settings(dir, TestEnv.require("DOCKER_HOST"), stack.name, Map.of()),
          e -> List.of(engine), JobListener.NONE)
          .run(request(FlowFixture.LABEL, OptionalInt.empty(), false, true), operator);

      assertThat(engine.restores.get()).isZero();
      List<String> scaled = operator.stackLines.stream().filter(l -> l.contains(" -> 0 -> ")).toList();
      assertThat(scaled).hasSize(3);
      assertThat(scaled).anyMatch(l -> l.contains("_app1") && l.contains("2 -> 0 -> 2"));
      assertThat(scaled).anyMatch(l -> l.contains("_app2") && l.contains("1 -> 0 -> 1"));
      assertThat(scaled).anyMatch(l -> l.contains("_app3") && l.contains("3 -> 0 -> 3"));
      assertThat(operator.stackLines).anyMatch(l -> l.contains("rs0") && l.contains("mongo1"));
      assertThat(stack.running(ids.get(3))).isEqualTo(3);
    }
  }

  @Test
  void whenTheServicesDoNotStopInTimeTheyComeBackAndNoDataIsTouched() throws Exception {
    try (TestStack stack = TestStack.create("slow")) {
      List<String> ids = opencrvsLike(stack);
      ObjectNode stubborn = stack.spec("stubborn", 1, Map.of());
      ObjectNode container = (ObjectNode) stubborn.path("TaskTemplate").path("ContainerSpec");
      container.put("Init", false);
      container.put("StopGracePeriod", Duration.ofSeconds(60).toNanos());
      String slow = stack.create(stubborn);
      stack.awaitRunning(slow, 1);
      BackupStore store = FlowFixture.storeWithSet(dir);
      FakeEngine engine = new FakeEngine(() -> { });
      try {
        assertThatThrownBy(() -> new RestoreFlow(store, FlowFixture.settings(dir, TestEnv.require("DOCKER_HOST"),
            stack.name, Map.of("RESTORE_STOP_TIMEOUT", "3")), e -> List.of(engine), JobListener.NONE)
            .run(request(FlowFixture.LABEL, OptionalInt.empty(), false, false), new FlowFixture.Yes()))
            .isInstanceOf(OrchestrationException.class);
        assertThat(engine.restores.get()).isZero();
        assertThat(stack.replicas(ids.get(3))).isEqualTo(3);
        assertThat(stack.replicas(slow)).isEqualTo(1);
        assertThat(Files.exists(RestoreJournal.path(store.layout()))).isFalse();
      } finally {
        stack.removeAndKill(slow);
      }
    }
  }

  @Test
  void killedAfterTheScaleDownThenResumeBringsTheServicesBack() throws Exception {
    try (TestStack stack = TestStack.create("kill")) {
      List<String> ids = opencrvsLike(stack);
      FlowFixture.storeWithSet(dir);
      String java = ProcessHandle.current().info().command().orElse("java");
      Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
          RestoreCrashMain.class.getName(), dir.toString(), TestEnv.require("DOCKER_HOST"), stack.name)
          .redirectErrorStream(true).start();
      try {
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        String line;
        boolean restoring = false;
        while (!restoring && System.nanoTime() < deadline && (line = out.readLine()) != null) {
          restoring = line.contains("RESTORING");
        }
        assertThat(restoring).as("the child reached the restore").isTrue();
        assertThat(stack.running(ids.get(3))).isZero();
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      } finally {
        child.destroyForcibly();
      }
      BackupStore store = BackupStore.open(dir, Clock.systemUTC(), true);
      assertThat(RestoreJournal.read(store.layout())).get().extracting(RestoreJournal::phase).isEqualTo("restoring");
      assertThat(stack.replicas(ids.get(1))).isZero();

      FakeEngine engine = new FakeEngine(() -> assertThat(stack.running(ids.get(1))).isZero());
      var resumed = new RestoreFlow(store, FlowFixture.settings(dir, TestEnv.require("DOCKER_HOST"), stack.name,
          Map.of()), e -> List.of(engine), JobListener.NONE).resume(new FlowFixture.Yes());

      assertThat(resumed).isPresent();
      assertThat(resumed.get().ok()).isTrue();
      assertThat(engine.restores.get()).isEqualTo(1);
      assertThat(stack.replicas(ids.get(1))).isEqualTo(2);
      assertThat(stack.replicas(ids.get(2))).isEqualTo(1);
      assertThat(stack.replicas(ids.get(3))).isEqualTo(3);
      stack.awaitRunning(ids.get(3), 3);
      assertThat(RestoreJournal.read(store.layout())).isEmpty();
    }
  }

  @Test
  void badInputTouchesNeitherDataNorServices() throws Exception {
    try (TestStack stack = TestStack.create("bad")) {
      List<String> ids = opencrvsLike(stack);
      BackupStore store = FlowFixture.storeWithSet(dir);
      FakeEngine engine = new FakeEngine(() -> { });
      String docker = TestEnv.require("DOCKER_HOST");
      RestoreFlow flow = new RestoreFlow(store, FlowFixture.settings(dir, docker, stack.name, Map.of()),
          e -> List.of(engine), JobListener.NONE);

      assertThatThrownBy(() -> flow.run(request(FlowFixture.LABEL, OptionalInt.of(3), false, false), new FlowFixture.Yes()))
          .isInstanceOf(BadInputException.class).hasMessageContaining("3");
      assertThatThrownBy(() -> flow.run(request("funday", OptionalInt.empty(), false, false), new FlowFixture.Yes()))
          .isInstanceOf(BadInputException.class).hasMessageContaining(FlowFixture.LABEL);
      assertThatThrownBy(() -> new RestoreFlow(store, FlowFixture.settings(dir, "unix:///nonexistent/docker.sock",
          stack.name, Map.of()), e -> List.of(engine), JobListener.NONE)
          .run(request(FlowFixture.LABEL, OptionalInt.empty(), false, false), new FlowFixture.Yes()))
          .isInstanceOf(OrchestrationException.class).hasMessageContaining("is not mounted");
      assertThatThrownBy(() -> new RestoreFlow(store, FlowFixture.settings(dir, docker, stack.name + "nope",
          Map.of()), e -> List.of(engine), JobListener.NONE)
          .run(request(FlowFixture.LABEL, OptionalInt.empty(), false, false), new FlowFixture.Yes()))
          .isInstanceOf(OrchestrationException.class).hasMessageContaining(stack.name + "nope");
      try (StoreLock held = store.lock("another restore", w -> { })) {
        assertThatThrownBy(() -> flow.run(request(FlowFixture.LABEL, OptionalInt.empty(), false, false),
            new FlowFixture.Yes())).isInstanceOf(LockHeldException.class);
      }
      String global = stack.create(stack.globalSpec("agent", Map.of()));
      stack.awaitRunning(global, 1);
      assertThatThrownBy(() -> flow.run(request(FlowFixture.LABEL, OptionalInt.empty(), false, false),
          new FlowFixture.Yes())).isInstanceOf(OrchestrationException.class).hasMessageContaining("global");

      assertThat(engine.restores.get()).isZero();
      assertThat(stack.replicas(ids.get(1))).isEqualTo(2);
      assertThat(stack.running(ids.get(3))).isEqualTo(3);
      assertThat(Files.exists(RestoreJournal.path(store.layout()))).isFalse();
    }
  }
}
