package io.crvsbackup.swarm;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.transport.DockerHttpClient;
import io.crvsbackup.env.TestEnv;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A "stack" on the real swarm of scripts/test-env, made as {@code docker stack deploy} makes one:
 * services named {@code <stack>_<name>} with the label {@code com.docker.stack.namespace=<stack>} on the
 * service and its containers. The stack name is unique per test; {@link #close()} removes its services.
 * Checks here read the API directly, not through the code under test. Public for the flows' tests in
 * {@code job}.
 */
public final class TestStack implements AutoCloseable {
  static final Duration CONVERGE = Duration.ofSeconds(90);
  public final String name;
  final String image;
  final String dockerHost;
  final DockerApi api;
  private final List<String> ids = new ArrayList<>();

  private TestStack(String purpose) throws SwarmException {
    this.dockerHost = TestEnv.require("DOCKER_HOST");
    this.image = TestEnv.require("BUSYBOX_IMAGE");
    this.name = "crvsit" + purpose + UUID.randomUUID().toString().substring(0, 6);
    this.api = Connector.open(dockerHost);
  }

  public static TestStack create(String purpose) throws SwarmException {
    return new TestStack(purpose);
  }

  /** A replicated service whose tasks stop at once on TERM (docker-init forwards it to sleep). */
  public ObjectNode spec(String shortName, int replicas, Map<String, String> labels) {
    ObjectNode spec = DockerApi.JSON.createObjectNode();
    spec.put("Name", name + "_" + shortName);
    ObjectNode l = spec.putObject("Labels");
    l.put(Services.STACK_LABEL, name);
    labels.forEach(l::put);
    ObjectNode task = spec.putObject("TaskTemplate");
    ObjectNode container = task.putObject("ContainerSpec");
    container.put("Image", image);
    container.putArray("Command").add("sleep").add("3600");
    container.put("Init", true);
    container.put("StopGracePeriod", Duration.ofSeconds(2).toNanos());
    container.putObject("Labels").put(Services.STACK_LABEL, name);
    task.putObject("RestartPolicy").put("Condition", "any").put("Delay", Duration.ofMillis(500).toNanos());
    spec.putObject("Mode").putObject("Replicated").put("Replicas", replicas);
    return spec;
  }

  public ObjectNode globalSpec(String shortName, Map<String, String> labels) {
    ObjectNode spec = spec(shortName, 1, labels);
    spec.putObject("Mode").putObject("Global");
    return spec;
  }

  public String service(String shortName, int replicas, Map<String, String> labels) throws Exception {
    return create(spec(shortName, replicas, labels));
  }

  /** Creates the service (it is removed by {@link #close()}) and returns its id. */
  public String create(ObjectNode spec) throws Exception {
    DockerApi.Reply r = api.post("/services/create", spec, "create " + spec.path("Name").asText());
    String id = r.ok("create " + spec.path("Name").asText()).path("ID").asText();
    ids.add(id);
    return id;
  }

  JsonNode inspect(String id) throws SwarmException {
    return api.get("/services/" + id, "inspect " + id);
  }

  public int replicas(String id) throws SwarmException {
    return inspect(id).path("Spec").path("Mode").path("Replicated").path("Replicas").asInt(-1);
  }

  Map<String, String> labels(String id) throws SwarmException {
    return Services.read(inspect(id), List.of()).labels();
  }

  List<JsonNode> tasks(String id) throws SwarmException {
    List<JsonNode> out = new ArrayList<>();
    api.get("/tasks?" + DockerApi.filters(Map.of("service", List.of(id))), "tasks").forEach(out::add);
    return out;
  }

  /** Tasks whose container runs or may still run. */
  public long live(String id) throws SwarmException {
    return tasks(id).stream().filter(t -> !List.of("complete", "shutdown", "failed", "rejected", "orphaned")
        .contains(t.path("Status").path("State").asText())).count();
  }

  public long running(String id) throws SwarmException {
    return tasks(id).stream().filter(t -> t.path("Status").path("State").asText().equals("running")
        && t.path("DesiredState").asText().equals("running")).count();
  }

  /** Waits until exactly {@code n} tasks run and none other is meant to. */
  public void awaitRunning(String id, int n) throws Exception {
    long deadline = System.nanoTime() + CONVERGE.toNanos();
    List<JsonNode> tasks = List.of();
    while (System.nanoTime() < deadline) {
      tasks = tasks(id);
      long running = running(id);
      long wanted = tasks.stream().filter(t -> t.path("DesiredState").asText().equals("running")).count();
      if (running == n && wanted == n) {
        return;
      }
      Thread.sleep(200);
    }
    fail("service " + id + " did not reach " + n + " running tasks in " + CONVERGE + "; tasks: "
        + tasks.stream().map(Tasks::describe).collect(Collectors.joining("; ")));
  }

  /** Removes the service now and kills its containers, for tasks that would take long to stop. */
  public void removeAndKill(String id) throws SwarmException {
    List<String> containers = tasks(id).stream()
        .map(t -> t.path("Status").path("ContainerStatus").path("ContainerID").asText(""))
        .filter(c -> !c.isEmpty()).toList();
    api.call(DockerHttpClient.Request.Method.DELETE, "/services/" + id, null, "remove " + id);
    for (String c : containers) {
      api.post("/containers/" + c + "/kill", null, "kill " + c); // 404/409: already gone
    }
  }

  @Override
  public void close() throws Exception {
    List<String> failures = new ArrayList<>();
    for (String id : ids) {
      try {
        DockerApi.Reply r = api.call(DockerHttpClient.Request.Method.DELETE, "/services/" + id, null, "remove");
        if (r.status() != 404 && !r.success()) {
          failures.add(id + ": " + r.message());
        }
      } catch (SwarmException e) {
        failures.add(id + ": " + e.getMessage());
      }
    }
    api.close();
    if (!failures.isEmpty()) {
      throw new AssertionError("could not remove the test services: " + failures);
    }
  }
}
