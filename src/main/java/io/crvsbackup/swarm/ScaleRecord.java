package io.crvsbackup.swarm;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;

/**
 * The swarm part of the restore journal: which services a scale-down takes to 0 and the replicas each
 * had. It is complete before anything is scaled ({@link ScalePlan#record()}), so writing it first makes
 * every later crash recoverable with {@link Swarm#scaleBack}. Serialise it with Jackson as it is, or
 * with {@link #toJson()}; read it back with {@link #fromJson}.
 *
 * <pre>{"stack":"opencrvs","services":[{"id":"k3v...","name":"opencrvs_gateway","replicas":2}]}</pre>
 *
 * @param stack the stack's name
 * @param services the services scaled down, with the replicas they come back to
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ScaleRecord(String stack, List<Entry> services) {

  public ScaleRecord {
    Objects.requireNonNull(stack, "stack");
    services = List.copyOf(Objects.requireNonNull(services, "services"));
  }

  /**
   * One service.
   *
   * @param id the service id: what is scaled back (a service re-created under the same name is not ours)
   * @param name its name, for messages
   * @param replicas the replicas it had before, and comes back to
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Entry(String id, String name, int replicas) {
    public Entry {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(name, "name");
      if (replicas < 0) {
        throw new IllegalArgumentException("replicas of " + name + " is negative: " + replicas);
      }
    }
  }

  @JsonIgnore
  public boolean isEmpty() {
    return services.isEmpty();
  }

  public JsonNode toJson() {
    return DockerApi.JSON.valueToTree(this);
  }

  /**
   * Reads what {@link #toJson()} (or Jackson) wrote.
   *
   * @throws SwarmException when it is not such a record; the message says what is wrong
   */
  public static ScaleRecord fromJson(JsonNode json) throws SwarmException {
    try {
      ScaleRecord r = DockerApi.JSON.treeToValue(json, ScaleRecord.class);
      if (r == null) {
        throw new SwarmException("the journal's swarm record is empty");
      }
      return r;
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new SwarmException("the journal's swarm record cannot be read: " + DockerApi.rootMessage(e), e);
    }
  }
}
