package io.crvsbackup.swarm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Changes a service's replicas the way {@code docker service scale} does: read the service, change
 * {@code Spec.Mode.Replicated.Replicas} in its raw JSON, and post the whole spec back with the version
 * index just read. When another writer got there first ("update out of sequence") it reads again and
 * retries. Changing the replicas and the service's own labels does not touch the task template, so no
 * task is restarted for it.
 */
final class Scaler {
  static final int ATTEMPTS = 6;
  private final DockerApi api;

  Scaler(DockerApi api) {
    this.api = api;
  }

  Optional<JsonNode> inspect(String id) throws SwarmException {
    return api.find("/services/" + id, "inspect service " + id);
  }

  /**
   * Sets the replicas of a replicated service.
   *
   * @param marker a positive value records {@link ServiceInfo#SCALED_DOWN_FROM} on the service, 0 removes it
   * @return when the swarm recorded the update (tasks it creates are newer)
   * @throws SwarmException when the service is gone, not replicated, or the update keeps failing
   */
  Instant scale(String id, String name, int replicas, OptionalInt marker) throws SwarmException {
    String what = "scale " + name + " to " + replicas;
    String last = "";
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      JsonNode service = inspect(id).orElseThrow(() -> new SwarmException(what + ": the service no longer exists"));
      if (Services.mode(service.path("Spec")) != ServiceInfo.Mode.REPLICATED) {
        throw new SwarmException(what + ": it is not a replicated service any more ("
            + Services.mode(service.path("Spec")).word() + ")");
      }
      ObjectNode spec = service.path("Spec").deepCopy();
      object(object(spec, "Mode"), "Replicated").put("Replicas", replicas);
      if (marker.isPresent()) {
        ObjectNode labels = object(spec, "Labels");
        if (marker.getAsInt() > 0) {
          labels.put(ServiceInfo.SCALED_DOWN_FROM, Integer.toString(marker.getAsInt()));
        } else {
          labels.remove(ServiceInfo.SCALED_DOWN_FROM);
        }
      }
      DockerApi.Reply r = api.post("/services/" + id + "/update?version=" + Services.version(service), spec, what);
      if (r.success()) {
        return inspect(id).map(s -> Tasks.instant(s.path("UpdatedAt").asText(""))).orElse(Instant.EPOCH);
      }
      last = r.message();
      if (!last.contains("out of sequence")) {
        throw new SwarmException(what + ": the Docker API answered: " + last);
      }
      sleepBriefly(attempt);
    }
    throw new SwarmException(what + ": the service kept changing while we updated it (" + ATTEMPTS
        + " version conflicts, the last: " + last + ")");
  }

  private static ObjectNode object(ObjectNode parent, String field) {
    JsonNode child = parent.get(field);
    if (child instanceof ObjectNode o) {
      return o;
    }
    return parent.putObject(field);
  }

  private static void sleepBriefly(int attempt) throws SwarmException {
    try {
      Thread.sleep(50L * attempt);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SwarmException("interrupted while retrying a service update", e);
    }
  }
}
