package io.crvsbackup.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** When a service counts as stopped or as converged, from its tasks. */
class TaskStateTest {
  private static final Instant SINCE = Instant.parse("2026-11-26T10:00:00Z");

  @Test
  void aTaskThatShouldBeRemovedButStillRunsIsLive() throws Exception {
    assertThat(Tasks.live(task("remove", "running", "2026-11-26T09:00:00Z"))).isTrue();
    assertThat(Tasks.live(task("shutdown", "complete", "2026-11-26T09:00:00Z"))).isFalse();
    assertThat(Tasks.live(task("running", "somethingnew", "2026-11-26T09:00:00Z"))).isTrue();
  }

  @Test
  void convergedMeansExactlyTheReplicasRunningAndNoneStarting() throws Exception {
    var target = new TaskWatch.Target("s", "opencrvs_gateway", 2, false, SINCE);
    assertThat(TaskWatch.check(target, List.of(running(), running())).state().ok()).isTrue();
    assertThat(TaskWatch.check(target, List.of(running(), running())).state().detail()).isEqualTo("2/2 running");
    // the tasks that count, so that a crash-looping service (new tasks all the time) is never stable
    assertThat(TaskWatch.check(target, List.of(running(), running())).tasks()).hasSize(2);
    assertThat(TaskWatch.check(target, List.of(running(), task("running", "starting", "2026-11-26T10:00:01Z"))).state().ok())
        .isFalse();
    // a task of the scale-down still stopping does not count, and does not prevent convergence
    assertThat(TaskWatch.check(target, List.of(running(), running(), task("remove", "running", "2026-11-26T09:00:00Z")))
        .state().ok()).isTrue();
    var failing = TaskWatch.check(target, List.of(running(), failed())).state();
    assertThat(failing.ok()).isFalse();
    assertThat(failing.detail()).startsWith("1/2 running: task 2 t2").contains("failed (should be shutdown): exit 1");
  }

  @Test
  void oneShotsCountTasksCompletedAfterTheScaleUp() throws Exception {
    var target = new TaskWatch.Target("s", "opencrvs_mongo-on-update", 1, true, SINCE);
    assertThat(TaskWatch.check(target, List.of(task("shutdown", "complete", "2026-11-26T09:00:00Z"))).state().ok()).isFalse();
    var done = TaskWatch.check(target, List.of(task("shutdown", "complete", "2026-11-26T10:00:02Z")));
    assertThat(done.state().ok()).isTrue();
    assertThat(done.state().detail()).isEqualTo("0/1 running, 1 completed");
    assertThat(done.tasks()).hasSize(1);
  }

  private static JsonNode running() throws Exception {
    return task("running", "running", "2026-11-26T10:00:01Z");
  }

  private static JsonNode failed() throws Exception {
    return DockerApi.JSON.readTree("{\"ID\":\"t2\",\"Slot\":2,\"DesiredState\":\"shutdown\",\"CreatedAt\":"
        + "\"2026-11-26T10:00:01Z\",\"Status\":{\"State\":\"failed\",\"Err\":\"exit 1\"}}");
  }

  private static final AtomicInteger IDS = new AtomicInteger();

  private static JsonNode task(String desired, String state, String created) throws Exception {
    return DockerApi.JSON.readTree("{\"ID\":\"x" + IDS.incrementAndGet() + "\",\"DesiredState\":\"" + desired
        + "\",\"CreatedAt\":\"" + created + "\",\"Status\":{\"State\":\"" + state + "\"}}");
  }
}
