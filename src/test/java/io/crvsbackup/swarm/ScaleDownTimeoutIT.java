package io.crvsbackup.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Issue 4: tasks that do not stop in time make the scale-down scale back and fail, before any data is touched. */
class ScaleDownTimeoutIT {

  @Test
  void tasksThatIgnoreTermMakeTheScaleDownScaleBackAndThrow() throws Exception {
    try (TestStack stack = TestStack.create("timeout"); Swarm swarm = Swarm.connect(stack.dockerHost)) {
      // sleep as PID 1 ignores TERM; with a 60 s grace period its tasks outlive a 3 s timeout
      ObjectNode stubbornSpec = stack.spec("stubborn", 2, Map.of());
      ObjectNode container = (ObjectNode) stubbornSpec.path("TaskTemplate").path("ContainerSpec");
      container.put("Init", false);
      container.put("StopGracePeriod", Duration.ofSeconds(60).toNanos());
      String stubborn = stack.create(stubbornSpec);
      try {
        String web = stack.service("web", 1, Map.of());
        stack.awaitRunning(stubborn, 2);
        stack.awaitRunning(web, 1);
        ScaleOptions options = SwarmScaleIT.FAST.withStopTimeout(Duration.ofSeconds(3));
        List<String> said = new CopyOnWriteArrayList<>();

        long t0 = System.nanoTime();
        assertThatThrownBy(() -> swarm.scaleDown(ScalePlan.of(swarm.discover(stack.name), false), options,
            SwarmScaleIT.progress(said)))
            .isInstanceOf(SwarmException.class)
            .hasMessageStartingWith("the tasks of 1 service(s) did not stop within 3 s (" + stack.name
                + "_stubborn: 2 task(s) still live: task ")
            .hasMessageContaining("running (should be remove)")
            .hasMessageEndingWith(
                "); the 2 service(s) scaled down were scaled back to their replicas; no data was touched");
        System.out.printf("timeout path took %d ms%n", (System.nanoTime() - t0) / 1_000_000);

        assertThat(stack.replicas(stubborn)).isEqualTo(2);
        assertThat(stack.replicas(web)).isEqualTo(1);
        assertThat(stack.running(stubborn)).isEqualTo(2);
        assertThat(stack.running(web)).isEqualTo(1);
        assertThat(stack.labels(stubborn)).doesNotContainKey(ServiceInfo.SCALED_DOWN_FROM);
        assertThat(stack.labels(web)).doesNotContainKey(ServiceInfo.SCALED_DOWN_FROM);
        assertThat(said).contains(stack.name + "_web: every task has stopped", stack.name + "_stubborn: 2/2 running",
            stack.name + "_web: 1/1 running");
      } finally {
        stack.removeAndKill(stubborn); // its tasks would otherwise take 60 s to go
      }
    }
  }
}
