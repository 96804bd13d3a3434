package io.crvsbackup.swarm;

import com.fasterxml.jackson.databind.JsonNode;
import io.crvsbackup.config.Variables;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/** {@link Swarm} over the Docker Engine API. */
final class DockerSwarm implements Swarm {
  private final DockerApi api;
  private final Scaler scaler;
  private final TaskWatch watch;
  private final ScaleBack back;
  private Optional<OwnContainer> own;

  DockerSwarm(DockerApi api) {
    this(api, null);
  }

  /** With {@code own} already known (tests); {@code null} looks it up on first use. */
  DockerSwarm(DockerApi api, Optional<OwnContainer> own) {
    this.api = api;
    this.scaler = new Scaler(api);
    this.watch = new TaskWatch(api);
    this.back = new ScaleBack(scaler, watch);
    this.own = own;
  }

  @Override
  public String endpoint() {
    return api.endpoint();
  }

  @Override
  public synchronized Optional<OwnContainer> ownContainer() {
    if (own == null) {
      own = lookUp(OwnContainerId.ofThisProcess());
    }
    return own;
  }

  /** The first candidate the engine knows as a container whose id starts with it. */
  Optional<OwnContainer> lookUp(List<OwnContainerId.Candidate> candidates) {
    for (OwnContainerId.Candidate c : candidates) {
      try {
        Optional<JsonNode> container = api.find("/containers/" + c.id() + "/json", "inspect our own container");
        if (container.isPresent() && c.matches(container.get().path("Id").asText())) {
          JsonNode json = container.get();
          return Optional.of(new OwnContainer(json.path("Id").asText(),
              OwnContainerId.label(json, Services.STACK_LABEL),
              OwnContainerId.label(json, "com.docker.swarm.service.id"),
              OwnContainerId.label(json, "com.docker.swarm.service.name"),
              c.source()));
        }
      } catch (SwarmException e) {
        // not a container of this engine (another host, or not a container at all): try the next one
      }
    }
    return Optional.empty();
  }

  @Override
  public StackName stackName(Optional<String> explicit) {
    Optional<String> ours = ownContainer().flatMap(OwnContainer::stack);
    if (explicit.isPresent()) {
      Optional<String> warning = ours.filter(s -> !s.equals(explicit.get()))
          .map(s -> "STACK_NAME is '" + explicit.get() + "' but this container belongs to stack '" + s
              + "'; working on '" + explicit.get() + "'");
      return new StackName(explicit.get(), "STACK_NAME", warning);
    }
    return ours.map(s -> new StackName(s, "the label " + Services.STACK_LABEL + " of this container", Optional.empty()))
        .orElseGet(() -> new StackName(Variables.STACK_NAME.defaultValue(), "the default", Optional.empty()));
  }

  @Override
  public StackServices discover(String stack) throws SwarmException {
    List<JsonNode> services = services(Map.of("label", List.of(Services.STACK_LABEL + "=" + stack)),
        "list the services of stack " + stack);
    if (services.isEmpty()) {
      throw new SwarmException("stack '" + stack + "' does not exist on this swarm: no service has the label "
          + Services.STACK_LABEL + "=" + stack + "; " + otherStacks());
    }
    Map<String, List<JsonNode>> tasks = watch.tasksOf(services.stream().map(s -> s.path("ID").asText()).toList());
    List<ServiceInfo> infos = new ArrayList<>();
    for (JsonNode s : services) {
      infos.add(Services.read(s, tasks.getOrDefault(s.path("ID").asText(), List.of())));
    }
    return StackRules.classify(stack, infos, ownContainer().flatMap(OwnContainer::serviceId));
  }

  private String otherStacks() throws SwarmException {
    TreeSet<String> stacks = new TreeSet<>();
    for (JsonNode s : services(Map.of(), "list the services")) {
      String label = s.path("Spec").path("Labels").path(Services.STACK_LABEL).asText("");
      if (!label.isEmpty()) {
        stacks.add(label);
      }
    }
    return stacks.isEmpty()
        ? "this swarm runs no stack at all (deploy it with 'docker stack deploy', or check DOCKER_HOST)"
        : "the stacks here are: " + String.join(", ", stacks) + " (set STACK_NAME to one of them)";
  }

  private List<JsonNode> services(Map<String, List<String>> filters, String what) throws SwarmException {
    String query = filters.isEmpty() ? "" : "?" + DockerApi.filters(filters);
    List<JsonNode> out = new ArrayList<>();
    api.get("/services" + query, what).forEach(out::add);
    return out;
  }

  @Override
  public Quiesce scaleDown(ScalePlan plan, ScaleOptions options, SwarmProgress progress) throws SwarmException {
    return new ScaleDown(scaler, watch, back).run(plan, options, progress);
  }

  @Override
  public Quiesce scaleDownAgain(ScaleRecord record, ScaleOptions options, SwarmProgress progress)
      throws SwarmException {
    return new ScaleDown(scaler, watch, back).again(record, options, progress);
  }

  @Override
  public List<ServiceState> scaleBack(ScaleRecord record, ScaleOptions options, SwarmProgress progress)
      throws ScaleBackException {
    return back.run(record, options, progress);
  }

  @Override
  public Optional<ScaleRecord> findInterrupted(String stack) throws SwarmException {
    List<ScaleRecord.Entry> entries = new ArrayList<>();
    Map<String, List<String>> ours =
        Map.of("label", List.of(Services.STACK_LABEL + "=" + stack, ServiceInfo.SCALED_DOWN_FROM));
    for (JsonNode s : services(ours,
        "list the services of stack " + stack + " scaled down by crvs-backup")) {
      ServiceInfo info = Services.read(s, List.of());
      if (info.mode() == ServiceInfo.Mode.REPLICATED && info.replicas() == 0) {
        info.scaledDownFrom().ifPresent(n -> entries.add(new ScaleRecord.Entry(info.id(), info.name(), n)));
      }
    }
    return entries.isEmpty() ? Optional.empty() : Optional.of(new ScaleRecord(stack, entries));
  }

  @Override
  public void close() {
    api.close();
  }
}
