package io.crvsbackup.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The failure paths of a scale-down that a real swarm does not produce on demand. */
class ScaleDownTest {
  private static final ScaleOptions NO_WAIT = new ScaleOptions(Duration.ZERO, Duration.ZERO, Duration.ZERO,
      Duration.ofMillis(1));
  private static final String SERVICE = """
      {"ID":"g1","Version":{"Index":%d},"Spec":{"Name":"opencrvs_gateway","Labels":{},
       "TaskTemplate":{"ContainerSpec":{"Image":"x"}},"Mode":{"Replicated":{"Replicas":%d}}}}""";
  private static final String STUCK_TASK = """
      [{"ID":"t1","ServiceID":"g1","Slot":1,"DesiredState":"remove","CreatedAt":"2026-01-01T00:00:00Z",
        "Status":{"State":"running","Message":"started"}}]""";

  @Test
  void whenTheTasksDoNotStopAndScalingBackFailsTooTheFailureIsAScaleBackException() throws Exception {
    AtomicInteger replicas = new AtomicInteger(2);
    AtomicInteger version = new AtomicInteger(1);
    FakeDocker docker = new FakeDocker(call -> {
      if (call.method().equals("GET") && call.path().startsWith("/services/g1")) {
        return new FakeDocker.Answer(200, SERVICE.formatted(version.get(), replicas.get()));
      }
      if (call.method().equals("GET") && call.path().startsWith("/tasks")) {
        return new FakeDocker.Answer(200, STUCK_TASK);
      }
      int wanted = call.body().path("Mode").path("Replicated").path("Replicas").asInt();
      if (wanted == 0) {
        replicas.set(0);
        version.incrementAndGet();
        return new FakeDocker.Answer(200, "{}");
      }
      return new FakeDocker.Answer(500, "{\"message\":\"the manager lost its quorum\"}");
    });
    DockerSwarm swarm = new DockerSwarm(docker.api(), Optional.empty());
    ScalePlan plan = ScalePlan.of(StackServices.classify("opencrvs", List.of(new ServiceInfo("g1", "opencrvs_gateway",
        Fixtures.labels(), ServiceInfo.Mode.REPLICATED, 2, "any", 2, 2)), Optional.empty()), false);

    assertThatThrownBy(() -> swarm.scaleDown(plan, NO_WAIT, SwarmProgress.NONE))
        .isInstanceOfSatisfying(ScaleBackException.class, e -> {
          assertThat(e.getMessage()).startsWith("the tasks of 1 service(s) did not stop within 0 s (opencrvs_gateway:"
              + " 1 task(s) still live: task 1 t1: running (should be remove): started); scaling back FAILED as well:"
              + " 1 of 1 service(s) of stack 'opencrvs' did not come back: opencrvs_gateway: scale opencrvs_gateway"
              + " to 2: the Docker API answered: the manager lost its quorum (HTTP 500)");
          assertThat(e.getMessage()).endsWith("; no data was touched");
          assertThat(e.states()).singleElement().satisfies(s -> assertThat(s.ok()).isFalse());
          assertThat(e.getSuppressed()).singleElement().asString().contains("the manager lost its quorum");
        });
    assertThat(replicas.get()).isZero();
  }

  @Test
  void whenAnUpdateFailsHalfWayTheServicesAlreadyDownAreScaledBack() throws Exception {
    String two = """
        [{"ID":"a","Version":{"Index":1},"Spec":{"Name":"opencrvs_a","Labels":{},"Mode":{"Replicated":{"Replicas":1}}}},
         {"ID":"b","Version":{"Index":1},"Spec":{"Name":"opencrvs_b","Labels":{},"Mode":{"Replicated":{"Replicas":1}}}}]""";
    var services = DockerApi.JSON.readTree(two);
    int[] replicas = {1, 1};
    FakeDocker docker = new FakeDocker(call -> {
      int i = call.path().startsWith("/services/a") ? 0 : 1;
      if (call.method().equals("GET") && call.path().startsWith("/services/")) {
        var s = services.get(i).deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) s.path("Spec").path("Mode").path("Replicated"))
            .put("Replicas", replicas[i]);
        return new FakeDocker.Answer(200, s.toString());
      }
      if (call.method().equals("GET")) { // the tasks: one running for a while it has a replica
        return new FakeDocker.Answer(200, replicas[0] == 0 ? "[]" : "[{\"ID\":\"ta\",\"ServiceID\":\"a\","
            + "\"DesiredState\":\"running\",\"Status\":{\"State\":\"running\"}}]");
      }
      if (i == 1) {
        return new FakeDocker.Answer(400, "{\"message\":\"invalid spec\"}");
      }
      replicas[0] = call.body().path("Mode").path("Replicated").path("Replicas").asInt();
      return new FakeDocker.Answer(200, "{}");
    });
    DockerSwarm swarm = new DockerSwarm(docker.api(), Optional.empty());
    ScalePlan plan = ScalePlan.of(Fixtures.classify(
        new ServiceInfo("a", "opencrvs_a", Fixtures.labels(), ServiceInfo.Mode.REPLICATED, 1, "any", 1, 1),
        new ServiceInfo("b", "opencrvs_b", Fixtures.labels(), ServiceInfo.Mode.REPLICATED, 1, "any", 1, 1)), false);

    assertThatThrownBy(() -> swarm.scaleDown(plan, NO_WAIT, SwarmProgress.NONE))
        .isExactlyInstanceOf(SwarmException.class)
        .hasMessage("scale opencrvs_b to 0: the Docker API answered: invalid spec (HTTP 400); the 1 service(s) scaled"
            + " down were scaled back to their replicas; no data was touched");
    assertThat(replicas[0]).isEqualTo(1);
  }
}
