package io.crvsbackup.swarm;

import io.crvsbackup.config.Settings.HostPort;
import java.util.Optional;

/**
 * A database of the stack and how to reach it from inside the stack's network.
 *
 * @param engine {@code mongo}, {@code elasticsearch} or {@code influxdb} (the names of the engines)
 * @param service the service's full name
 * @param address the API address: the label {@code crvs-backup.address}, else the service name without
 *     the stack prefix (its DNS name on the stack's network) and the engine's usual port (27017, 9200,
 *     8086)
 * @param rpcAddress InfluxDB only: the backup/restore RPC, the label {@code crvs-backup.rpc-address},
 *     else the address's host and port 8088
 * @param byLabel whether the engine came from the label {@code crvs-backup.engine} rather than the name
 */
public record DatabaseService(
    String engine, String service, HostPort address, Optional<HostPort> rpcAddress, boolean byLabel) {
  public static final String MONGO = "mongo";
  public static final String ELASTICSEARCH = "elasticsearch";
  public static final String INFLUXDB = "influxdb";
}
