package io.crvsbackup.job;

import java.util.Optional;

/**
 * Where the databases are, as discovered from the swarm. Explicit configuration always wins over these;
 * an empty value means "not discovered" (the engine's own default applies).
 *
 * @param mongoReplicas members of the replica set rs0 (1, 3 or 5)
 * @param mongoSeedList {@code host:port,host:port} of the members
 * @param elasticsearch {@code host:port} of Elasticsearch's HTTP
 * @param influxdb {@code host:port} of InfluxDB's HTTP
 * @param influxdbRpc {@code host:port} of InfluxDB's backup RPC
 */
public record Endpoints(
    int mongoReplicas,
    Optional<String> mongoSeedList,
    Optional<String> elasticsearch,
    Optional<String> influxdb,
    Optional<String> influxdbRpc) {

  /** Nothing discovered: explicit configuration and defaults only. */
  public static Endpoints none(int mongoReplicas) {
    return new Endpoints(mongoReplicas, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }
}
