package io.crvsbackup.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crvsbackup.config.Settings.HostPort;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Issue 4: labels, keep-running, a stack that does not exist and global services, on the real swarm. */
class SwarmDiscoveryIT {

  @Test
  void labelsAreHonoured() throws Exception {
    try (TestStack stack = TestStack.create("labels"); Swarm swarm = Swarm.connect(stack.dockerHost)) {
      stack.service("mongo1", 0, Map.of());
      stack.service("docdb", 0, Map.of("crvs-backup.engine", "mongo", "crvs-backup.address", "docdb.internal:27018"));
      stack.service("search", 0, Map.of("crvs-backup.engine", "elasticsearch"));
      stack.service("elasticsearch", 0, Map.of("crvs-backup.engine", "none"));
      stack.service("influxdb", 0, Map.of("crvs-backup.address", "metrics:8087"));
      String proxy = stack.service("proxy", 1, Map.of("crvs-backup.keep-running", "true"));
      String gateway = stack.service("gateway", 1, Map.of());
      stack.awaitRunning(proxy, 1);
      stack.awaitRunning(gateway, 1);

      StackServices found = swarm.discover(stack.name);

      assertThat(found.stack()).isEqualTo(stack.name);
      assertThat(found.mongoHosts()).containsExactly(new HostPort("mongo1", 27017), new HostPort("docdb.internal", 27018));
      assertThat(found.mongoMembers()).isEqualTo(2);
      assertThat(found.elasticsearch().orElseThrow().service()).isEqualTo(stack.name + "_search");
      assertThat(found.influxdb().orElseThrow().address()).isEqualTo(new HostPort("metrics", 8087));
      assertThat(found.influxdb().orElseThrow().rpcAddress()).contains(new HostPort("metrics", 8088));
      assertThat(found.withRole(StackService.Role.KEEP_RUNNING)).extracting(ServiceInfo::name)
          .containsExactly(stack.name + "_proxy");
      assertThat(found.dependents()).extracting(ServiceInfo::name)
          .containsExactly(stack.name + "_elasticsearch", stack.name + "_gateway");

      ScalePlan plan = ScalePlan.of(found, false);
      assertThat(plan.record().services()).extracting(ScaleRecord.Entry::name).containsExactly(stack.name + "_gateway");
      try (Quiesce q = swarm.scaleDown(plan, SwarmScaleIT.FAST, SwarmProgress.NONE)) {
        assertThat(stack.running(proxy)).isEqualTo(1);
        assertThat(stack.live(gateway)).isZero();
      }
      assertThat(stack.running(gateway)).isEqualTo(1);
    }
  }

  @Test
  void aStackThatDoesNotExistIsNamedWithTheStacksThatDo() throws Exception {
    try (TestStack stack = TestStack.create("exists"); Swarm swarm = Swarm.connect(stack.dockerHost)) {
      stack.service("web", 0, Map.of());
      String missing = "nosuchstack" + UUID.randomUUID().toString().substring(0, 6);
      assertThatThrownBy(() -> swarm.discover(missing))
          .isInstanceOf(SwarmException.class)
          .hasMessageStartingWith("stack '" + missing + "' does not exist on this swarm: no service has the label"
              + " com.docker.stack.namespace=" + missing + "; the stacks here are: ")
          .hasMessageContaining(stack.name)
          .hasMessageEndingWith(" (set STACK_NAME to one of them)");
    }
  }

  @Test
  void globalServicesAreRefusedWithoutForceAndLeftRunningWithIt() throws Exception {
    try (TestStack stack = TestStack.create("global"); Swarm swarm = Swarm.connect(stack.dockerHost)) {
      String beat = stack.create(stack.globalSpec("filebeat", Map.of()));
      String web = stack.service("web", 2, Map.of());
      stack.awaitRunning(beat, 1);
      stack.awaitRunning(web, 2);

      StackServices found = swarm.discover(stack.name);
      assertThat(found.dependents()).extracting(ServiceInfo::mode)
          .containsExactly(ServiceInfo.Mode.GLOBAL, ServiceInfo.Mode.REPLICATED);
      ScalePlan refused = ScalePlan.of(found, false);
      assertThatThrownBy(() -> swarm.scaleDown(refused, SwarmScaleIT.FAST, SwarmProgress.NONE))
          .isInstanceOf(SwarmException.class)
          .hasMessage("stack '" + stack.name + "' has services in global mode, which cannot be scaled to 0: "
              + stack.name + "_filebeat; label them crvs-backup.keep-running=true to leave them running during every"
              + " restore, or add --force to leave them running this time");
      assertThat(stack.replicas(web)).isEqualTo(2);
      assertThat(stack.running(web)).isEqualTo(2);

      ScalePlan forced = ScalePlan.of(found, true);
      assertThat(forced.lines()).anyMatch(l -> l.contains(stack.name + "_filebeat") && l.contains("keeps running (--force)"));
      try (Quiesce q = swarm.scaleDown(forced, SwarmScaleIT.FAST, SwarmProgress.NONE)) {
        assertThat(stack.live(web)).isZero();
        assertThat(stack.running(beat)).isEqualTo(1);
        assertThat(q.record().services()).extracting(ScaleRecord.Entry::id).containsExactly(web);
      }
      assertThat(stack.running(web)).isEqualTo(2);
    }
  }

  @Test
  void aFinishedOneShotIsNotReRun() throws Exception {
    try (TestStack stack = TestStack.create("oneshot"); Swarm swarm = Swarm.connect(stack.dockerHost)) {
      var once = stack.spec("mongo-on-update", 1, Map.of());
      once.with("TaskTemplate").with("ContainerSpec").putArray("Command").add("true");
      once.with("TaskTemplate").putObject("RestartPolicy").put("Condition", "none");
      String onceId = stack.create(once);
      awaitFinished(stack, onceId);

      ScalePlan plan = ScalePlan.of(swarm.discover(stack.name), false);
      assertThat(plan.toScale()).isEmpty();
      assertThat(plan.lines()).anyMatch(l -> l.contains("one-shot task (restart condition none) that has finished"));
      try (Quiesce q = swarm.scaleDown(plan, SwarmScaleIT.FAST, SwarmProgress.NONE)) {
        assertThat(q.record().isEmpty()).isTrue();
      }
      assertThat(stack.replicas(onceId)).isEqualTo(1);
      assertThat(stack.tasks(onceId)).hasSize(1);
    }
  }

  private static void awaitFinished(TestStack stack, String id) throws Exception {
    for (int i = 0; i < 300; i++) {
      List<String> states = stack.tasks(id).stream().map(t -> t.path("Status").path("State").asText()).toList();
      if (states.equals(List.of("complete"))) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the one-shot did not complete: " + stack.tasks(id));
  }
}
