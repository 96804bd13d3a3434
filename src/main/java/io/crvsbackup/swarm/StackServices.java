package io.crvsbackup.swarm;

import io.crvsbackup.config.Settings.HostPort;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A discovered stack: every service with its role, and the warnings discovery has for the operator.
 * Databases come first (mongo1..mongoN, then the others), then this service, the ones kept running
 * and the dependents, each group in name order. Build it with {@link Swarm#discover} or, from service
 * descriptions, {@link #classify}.
 *
 * @param stack the stack's name
 * @param services every service of the stack
 * @param warnings things that are allowed but look wrong (a gap in mongo1..mongoN)
 */
public record StackServices(String stack, List<StackService> services, List<String> warnings) {
  /** The replica set OpenCRVS runs MongoDB as. */
  public static final String REPLICA_SET = "rs0";

  public StackServices {
    services = List.copyOf(services);
    warnings = List.copyOf(warnings);
  }

  /**
   * Applies the discovery rules to a stack's services.
   *
   * @param selfServiceId the service of the container we run in, if any: never scaled
   * @throws SwarmException listing every bad label and every duplicate database
   */
  public static StackServices classify(String stack, List<ServiceInfo> services, Optional<String> selfServiceId)
      throws SwarmException {
    return StackRules.classify(stack, services, selfServiceId);
  }

  public List<DatabaseService> databases() {
    return services.stream().flatMap(s -> s.database().stream()).toList();
  }

  /** The MongoDB members, mongo1 first. */
  public List<DatabaseService> mongo() {
    return databases().stream().filter(d -> d.engine().equals(DatabaseService.MONGO)).toList();
  }

  /** N: the number of MongoDB services, as OpenCRVS's replicas argument counts them. */
  public int mongoMembers() {
    return mongo().size();
  }

  /** mongo1:27017 .. mongoN:27017, as the replica set's seed list. */
  public List<HostPort> mongoHosts() {
    return mongo().stream().map(DatabaseService::address).toList();
  }

  /** {@code mongo1:27017,mongo2:27017}: the host part of {@code mongodb://...@<here>/?replicaSet=rs0}. */
  public String mongoSeedList() {
    return mongoHosts().stream().map(HostPort::toString).collect(Collectors.joining(","));
  }

  public Optional<DatabaseService> elasticsearch() {
    return engine(DatabaseService.ELASTICSEARCH);
  }

  public Optional<DatabaseService> influxdb() {
    return engine(DatabaseService.INFLUXDB);
  }

  /** The services a restore scales to 0, global ones included (they are refused or left, see the plan). */
  public List<ServiceInfo> dependents() {
    return withRole(StackService.Role.DEPENDENT);
  }

  public List<ServiceInfo> withRole(StackService.Role role) {
    return services.stream().filter(s -> s.role() == role).map(StackService::info).toList();
  }

  private Optional<DatabaseService> engine(String engine) {
    return databases().stream().filter(d -> d.engine().equals(engine)).findFirst();
  }
}
