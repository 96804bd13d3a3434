package io.crvsbackup.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.transport.DockerHttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Issue 4: scaling back tries every service whatever happens to the others, keeps every failure and
 * reports each service's final state; what others changed meanwhile is respected.
 */
class ScaleBackIT {

  @Test
  void everyServiceIsTriedAndEveryOutcomeReported() throws Exception {
    try (TestStack stack = TestStack.create("back"); Swarm swarm = Swarm.connect(stack.dockerHost)) {
      String broken = stack.service("broken", 1, Map.of());
      String removed = stack.service("removed", 1, Map.of());
      String resized = stack.service("resized", 1, Map.of());
      String fine = stack.service("fine", 2, Map.of());
      for (var e : Map.of(broken, 1, removed, 1, resized, 1, fine, 2).entrySet()) {
        stack.awaitRunning(e.getKey(), e.getValue());
      }
      ScaleOptions shortStart = SwarmScaleIT.FAST.withStartTimeout(Duration.ofSeconds(8));
      Quiesce q = swarm.scaleDown(ScalePlan.of(swarm.discover(stack.name), false), shortStart, SwarmProgress.NONE);

      // while the services are down: one is broken by a bad update, one removed, one scaled by an operator
      JsonNode service = stack.inspect(broken);
      ObjectNode spec = service.path("Spec").deepCopy();
      ((ObjectNode) spec.path("TaskTemplate").path("ContainerSpec")).putArray("Command").add("false");
      stack.api.post("/services/" + broken + "/update?version=" + Services.version(service), spec, "break").ok("break");
      stack.api.call(DockerHttpClient.Request.Method.DELETE, "/services/" + removed, null, "remove").ok("remove");
      new Scaler(stack.api).scale(resized, "resized", 3, OptionalInt.of(0));

      List<String> said = new CopyOnWriteArrayList<>();
      assertThatThrownBy(() -> {
        try (Quiesce held = q) {
          swarm.ownContainer(); // the restore's work would be here
        }
      }).isInstanceOfSatisfying(ScaleBackException.class, e -> {
        assertThat(e.getMessage()).startsWith("1 of 4 service(s) of stack '" + stack.name + "' did not come back: "
            + stack.name + "_broken: not converged after 8 s: ");
        assertThat(e.states()).extracting(ServiceState::name, ServiceState::ok).containsExactly(
            org.assertj.core.groups.Tuple.tuple(stack.name + "_broken", false),
            org.assertj.core.groups.Tuple.tuple(stack.name + "_fine", true),
            org.assertj.core.groups.Tuple.tuple(stack.name + "_removed", true),
            org.assertj.core.groups.Tuple.tuple(stack.name + "_resized", true));
        // a crash-looping task may be caught failed or in its short "running" moment: either way not stable
        assertThat(e.states().get(0).detail()).startsWith("not converged after 8 s: ");
        assertThat(e.states().get(2).detail()).startsWith("gone: no service has id " + removed);
        assertThat(e.states().get(3).detail())
            .isEqualTo("left at 3 replicas: someone changed it since the scale-down (it had 1)");
      });
      assertThat(q.states()).hasSize(4);
      assertThat(stack.running(fine)).isEqualTo(2);
      assertThat(stack.replicas(broken)).isEqualTo(1);
      assertThat(stack.labels(broken)).doesNotContainKey(ServiceInfo.SCALED_DOWN_FROM);

      // the journal would be kept; a later resume still reports the broken one, and only it
      assertThatThrownBy(() -> swarm.scaleBack(q.record(), SwarmScaleIT.FAST.withStartTimeout(Duration.ofSeconds(6)),
          SwarmScaleIT.progress(said)))
          .isInstanceOfSatisfying(ScaleBackException.class, e -> assertThat(e.states()).filteredOn(s -> !s.ok())
              .extracting(ServiceState::name).containsExactly(stack.name + "_broken"));
      assertThat(said).anyMatch(s -> s.startsWith(stack.name + "_broken: not converged after 6 s: "));
    }
  }
}
