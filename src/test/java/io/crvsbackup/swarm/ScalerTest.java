package io.crvsbackup.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ScalerTest {
  /** A spec with fields docker-java's model does not know: they must come back untouched. */
  private static final String SERVICE = """
      {"ID":"svc1","Version":{"Index":%d},"UpdatedAt":"2026-11-26T03:24:22.75Z",
       "Spec":{"Name":"opencrvs_apm","Labels":{"com.docker.stack.namespace":"opencrvs"},
        "TaskTemplate":{"ContainerSpec":{"Image":"apm:7","CapabilityAdd":["CHOWN"],"CapabilityDrop":["ALL"],
          "Sysctls":{"net.core.somaxconn":"1024"},"Ulimits":[{"Name":"nofile","Soft":1024,"Hard":2048}],
          "Isolation":"default"},"ForceUpdate":3,"Runtime":"container"},
        "Mode":{"Replicated":{"Replicas":2}},"EndpointSpec":{"Mode":"vip"},"SomethingNew":{"x":1}}}""";
  private static final String CONFLICT = "{\"message\":\"rpc error: code = Unknown desc = update out of sequence\"}";

  @Test
  void retriesAVersionConflictWithTheNewVersionAndChangesNothingButReplicasAndTheLabel() throws Exception {
    AtomicInteger version = new AtomicInteger(10);
    AtomicInteger posts = new AtomicInteger();
    FakeDocker docker = new FakeDocker(call -> {
      if (call.method().equals("GET")) {
        return new FakeDocker.Answer(200, SERVICE.formatted(version.get()));
      }
      if (posts.incrementAndGet() == 1) {
        version.incrementAndGet(); // someone else updated it meanwhile
        return new FakeDocker.Answer(500, CONFLICT);
      }
      return new FakeDocker.Answer(200, "{\"Warnings\":null}");
    });

    new Scaler(docker.api()).scale("svc1", "opencrvs_apm", 0, OptionalInt.of(2));

    var updates = docker.calls.stream().filter(c -> c.method().equals("POST")).toList();
    assertThat(updates).extracting(FakeDocker.Call::path)
        .containsExactly("/services/svc1/update?version=10", "/services/svc1/update?version=11");
    JsonNode expected = DockerApi.JSON.readTree(SERVICE.formatted(11)).path("Spec").deepCopy();
    ((ObjectNode) expected.path("Mode").path("Replicated")).put("Replicas", 0);
    ((ObjectNode) expected.path("Labels")).put("crvs-backup.scaled-down-from", "2");
    assertThat(updates.get(1).body()).isEqualTo(expected);
  }

  @Test
  void removingTheMarkerLeavesTheOtherLabels() throws Exception {
    FakeDocker docker = new FakeDocker(call -> call.method().equals("GET")
        ? new FakeDocker.Answer(200, SERVICE.formatted(5).replace("\"Labels\":{", "\"Labels\":{\"crvs-backup.scaled-down-from\":\"2\","))
        : new FakeDocker.Answer(200, "{}"));

    new Scaler(docker.api()).scale("svc1", "opencrvs_apm", 2, OptionalInt.of(0));

    JsonNode body = docker.calls.stream().filter(c -> c.method().equals("POST")).findFirst().orElseThrow().body();
    assertThat(body.path("Labels").toString()).isEqualTo("{\"com.docker.stack.namespace\":\"opencrvs\"}");
    assertThat(body.path("Mode").path("Replicated").path("Replicas").asInt()).isEqualTo(2);
  }

  @Test
  void givesUpAfterRepeatedConflictsAndSaysSo() {
    FakeDocker docker = new FakeDocker(call -> call.method().equals("GET")
        ? new FakeDocker.Answer(200, SERVICE.formatted(1)) : new FakeDocker.Answer(500, CONFLICT));

    assertThatThrownBy(() -> new Scaler(docker.api()).scale("svc1", "opencrvs_apm", 0, OptionalInt.of(2)))
        .hasMessageStartingWith("scale opencrvs_apm to 0: the service kept changing while we updated it (6 version conflicts");
  }

  @Test
  void otherErrorsAreNotRetried() {
    FakeDocker docker = new FakeDocker(call -> call.method().equals("GET")
        ? new FakeDocker.Answer(200, SERVICE.formatted(1)) : new FakeDocker.Answer(400, "{\"message\":\"bad spec\"}"));

    assertThatThrownBy(() -> new Scaler(docker.api()).scale("svc1", "opencrvs_apm", 0, OptionalInt.of(2)))
        .hasMessage("scale opencrvs_apm to 0: the Docker API answered: bad spec (HTTP 400)");
    assertThat(docker.calls.stream().filter(c -> c.method().equals("POST"))).hasSize(1);
  }

  @Test
  void aServiceThatIsGoneOrGlobalIsNotUpdated() {
    FakeDocker gone = new FakeDocker(call -> new FakeDocker.Answer(404, "{\"message\":\"service svc1 not found\"}"));
    assertThatThrownBy(() -> new Scaler(gone.api()).scale("svc1", "opencrvs_apm", 2, OptionalInt.of(0)))
        .hasMessage("scale opencrvs_apm to 2: the service no longer exists");

    FakeDocker global = new FakeDocker(call -> new FakeDocker.Answer(200,
        SERVICE.formatted(1).replace("{\"Replicated\":{\"Replicas\":2}}", "{\"Global\":{}}")));
    assertThatThrownBy(() -> new Scaler(global.api()).scale("svc1", "opencrvs_apm", 2, OptionalInt.of(0)))
        .hasMessageContaining("it is not a replicated service any more (global)");
    assertThat(global.calls).allMatch(c -> c.method().equals("GET"));
  }
}
