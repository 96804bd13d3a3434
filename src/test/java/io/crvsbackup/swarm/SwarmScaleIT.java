package io.crvsbackup.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Issue 4: dependents with 2, 1 and 3 replicas go to 0 and back to exactly 2, 1 and 3 on the real swarm. */
class SwarmScaleIT {
  static final ScaleOptions FAST = ScaleOptions.defaults()
      .withPollInterval(Duration.ofMillis(200))
      .withStableFor(Duration.ofSeconds(2))
      .withStopTimeout(Duration.ofSeconds(60))
      .withStartTimeout(Duration.ofSeconds(90));

  @Test
  void scalesDependentsToZeroAndBackToExactlyTheirReplicas() throws Exception {
    try (TestStack stack = TestStack.create("scale"); Swarm swarm = Swarm.connect(stack.dockerHost)) {
      String mongo = stack.service("mongo1", 1, Map.of());
      ObjectNode gatewaySpec = stack.spec("gateway", 2, Map.of());
      // fields docker-java's model does not know: a scale must not lose them
      ObjectNode container = (ObjectNode) gatewaySpec.path("TaskTemplate").path("ContainerSpec");
      container.putArray("CapabilityAdd").add("CAP_NET_ADMIN");
      container.putArray("CapabilityDrop").add("CAP_MKNOD");
      container.putObject("Sysctls").put("net.ipv4.ip_local_port_range", "32768 60999");
      String gateway = stack.create(gatewaySpec);
      String workflow = stack.service("workflow", 1, Map.of());
      String search = stack.service("search", 3, Map.of());
      String traefik = stack.service("traefik", 1, Map.of("crvs-backup.keep-running", "true"));
      for (var e : Map.of(mongo, 1, gateway, 2, workflow, 1, search, 3, traefik, 1).entrySet()) {
        stack.awaitRunning(e.getKey(), e.getValue());
      }
      JsonNode templateBefore = stack.inspect(gateway).path("Spec").path("TaskTemplate");

      StackServices found = swarm.discover(stack.name);
      assertThat(found.mongoSeedList()).isEqualTo("mongo1:27017");
      assertThat(found.dependents()).extracting(ServiceInfo::name)
          .containsExactly(stack.name + "_gateway", stack.name + "_search", stack.name + "_workflow");
      assertThat(found.dependents()).extracting(ServiceInfo::running).containsExactly(2, 3, 1);
      ScalePlan plan = ScalePlan.of(found, false);
      ScaleRecord record = plan.record();
      assertThat(record.services()).extracting(ScaleRecord.Entry::id, ScaleRecord.Entry::replicas)
          .containsExactly(org.assertj.core.groups.Tuple.tuple(gateway, 2), org.assertj.core.groups.Tuple.tuple(search, 3),
              org.assertj.core.groups.Tuple.tuple(workflow, 1));

      List<String> said = new CopyOnWriteArrayList<>();
      long t0 = System.nanoTime();
      try (Quiesce q = swarm.scaleDown(plan, FAST, progress(said))) {
        System.out.printf("scale-down of 6 tasks took %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        for (String id : List.of(gateway, workflow, search)) {
          assertThat(stack.replicas(id)).as("replicas of %s", id).isZero();
          assertThat(stack.live(id)).as("live tasks of %s right after scaleDown returned", id).isZero();
        }
        assertThat(stack.labels(gateway)).containsEntry(ServiceInfo.SCALED_DOWN_FROM, "2");
        assertThat(stack.labels(search)).containsEntry(ServiceInfo.SCALED_DOWN_FROM, "3");
        assertThat(stack.running(mongo)).isEqualTo(1);
        assertThat(stack.running(traefik)).isEqualTo(1);
        assertThat(q.record()).isEqualTo(record);
        assertThat(swarm.findInterrupted(stack.name)).hasValueSatisfying(r ->
            assertThat(r.services()).containsExactlyInAnyOrderElementsOf(record.services()));
        t0 = System.nanoTime();
      }
      System.out.printf("scale-back of 6 tasks took %d ms%n", (System.nanoTime() - t0) / 1_000_000);
      assertThat(stack.replicas(gateway)).isEqualTo(2);
      assertThat(stack.replicas(workflow)).isEqualTo(1);
      assertThat(stack.replicas(search)).isEqualTo(3);
      assertThat(stack.running(gateway)).isEqualTo(2);
      assertThat(stack.running(workflow)).isEqualTo(1);
      assertThat(stack.running(search)).isEqualTo(3);
      assertThat(stack.labels(gateway)).doesNotContainKey(ServiceInfo.SCALED_DOWN_FROM);
      assertThat(stack.inspect(gateway).path("Spec").path("TaskTemplate")).isEqualTo(templateBefore);
      assertThat(swarm.findInterrupted(stack.name)).isEmpty();
      assertThat(said).contains("scaled " + stack.name + "_gateway from 2 to 0",
          "scaled " + stack.name + "_gateway from 0 back to 2", stack.name + "_search: 3/3 running");
    }
  }

  @Test
  void closingTwiceAndScalingBackAgainIsHarmless() throws Exception {
    try (TestStack stack = TestStack.create("twice"); Swarm swarm = Swarm.connect(stack.dockerHost)) {
      String web = stack.service("web", 2, Map.of());
      stack.awaitRunning(web, 2);
      Quiesce q = swarm.scaleDown(ScalePlan.of(swarm.discover(stack.name), false), FAST, SwarmProgress.NONE);
      q.close();
      q.close();
      assertThat(q.states()).singleElement().satisfies(s -> {
        assertThat(s.ok()).isTrue();
        assertThat(s.detail()).isEqualTo("2/2 running");
      });
      // a resume after a crash that happened after the scale-back: nothing to do, all reported fine
      List<ServiceState> again = swarm.scaleBack(q.record(), FAST, SwarmProgress.NONE);
      assertThat(again).extracting(ServiceState::ok).containsExactly(true);
      assertThat(stack.running(web)).isEqualTo(2);
    }
  }

  @Test
  void theDaemonReportsAStaleVersionAsWeExpect() throws Exception {
    try (TestStack stack = TestStack.create("stale")) {
      String id = stack.service("web", 0, Map.of());
      JsonNode service = stack.inspect(id);
      long version = Services.version(service);
      stack.api.post("/services/" + id + "/update?version=" + version, service.path("Spec"), "update").ok("update");
      DockerApi.Reply stale = stack.api.post("/services/" + id + "/update?version=" + version, service.path("Spec"), "update");
      assertThat(stale.success()).isFalse();
      assertThat(stale.message()).contains("out of sequence");
      // and the scaler gets through it by reading again
      new Scaler(stack.api).scale(id, "web", 1, java.util.OptionalInt.empty());
      stack.awaitRunning(id, 1);
    }
  }

  @Test
  void aServiceThatChangedSinceThePlanIsNotTouched() throws Exception {
    try (TestStack stack = TestStack.create("changed"); Swarm swarm = Swarm.connect(stack.dockerHost)) {
      String a = stack.service("a", 1, Map.of());
      String b = stack.service("b", 1, Map.of());
      stack.awaitRunning(a, 1);
      stack.awaitRunning(b, 1);
      ScalePlan plan = ScalePlan.of(swarm.discover(stack.name), false);
      new Scaler(stack.api).scale(b, "b", 2, java.util.OptionalInt.empty());
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> swarm.scaleDown(plan, FAST, SwarmProgress.NONE))
          .isInstanceOf(SwarmException.class)
          .hasMessage(stack.name + "_b changed since the plan was made (it had 1 replicas, now 2 as a replicated"
              + " service): nothing was scaled, make a new plan");
      assertThat(stack.replicas(a)).isEqualTo(1);
      assertThat(stack.labels(a)).doesNotContainKey(ServiceInfo.SCALED_DOWN_FROM);
    }
  }

  static SwarmProgress progress(List<String> said) {
    return new SwarmProgress() {
      @Override
      public void info(String message) {
        said.add(message);
        System.out.println("  info: " + message);
      }

      @Override
      public void warning(String message) {
        said.add(message);
        System.out.println("  warning: " + message);
      }
    };
  }

  static Optional<String> none() {
    return Optional.empty();
  }
}
