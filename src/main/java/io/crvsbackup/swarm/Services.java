package io.crvsbackup.swarm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Service JSON of the Docker API to {@link ServiceInfo}, and the small edits we make to a spec. */
final class Services {
  static final String STACK_LABEL = "com.docker.stack.namespace";

  private Services() {}

  static ServiceInfo read(JsonNode service, List<JsonNode> tasks) {
    JsonNode spec = service.path("Spec");
    Map<String, String> labels = new LinkedHashMap<>();
    spec.path("Labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
    ServiceInfo.Mode mode = mode(spec);
    int replicas = mode == ServiceInfo.Mode.REPLICATED ? replicas(spec) : 0;
    String restart = spec.path("TaskTemplate").path("RestartPolicy").path("Condition").asText("any");
    int running = (int) tasks.stream().filter(Tasks::running).count();
    int live = (int) tasks.stream().filter(Tasks::live).count();
    return new ServiceInfo(
        service.path("ID").asText(), spec.path("Name").asText(), labels, mode, replicas,
        restart.isEmpty() ? "any" : restart, running, live);
  }

  static ServiceInfo.Mode mode(JsonNode spec) {
    JsonNode mode = spec.path("Mode");
    if (mode.has("Global")) {
      return ServiceInfo.Mode.GLOBAL;
    }
    if (mode.has("ReplicatedJob")) {
      return ServiceInfo.Mode.REPLICATED_JOB;
    }
    if (mode.has("GlobalJob")) {
      return ServiceInfo.Mode.GLOBAL_JOB;
    }
    return ServiceInfo.Mode.REPLICATED;
  }

  /** A replicated service's replicas; the API leaves the field out when it is 1 in some versions. */
  static int replicas(JsonNode spec) {
    JsonNode r = spec.path("Mode").path("Replicated").path("Replicas");
    return r.isMissingNode() || r.isNull() ? 1 : r.asInt();
  }

  static long version(JsonNode service) {
    return service.path("Version").path("Index").asLong();
  }
}
