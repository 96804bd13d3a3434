package io.crvsbackup.config;

import java.net.URI;
import java.time.Duration;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The whole configuration, immutable, built once by {@link ConfigLoader}. An empty optional means "not
 * set": the value is discovered from the swarm or a default applies there.
 */
public record Settings(
    Store store,
    CronExpression schedule,
    Stack stack,
    Mongo mongo,
    Elastic elastic,
    Influx influx,
    Optional<Secret> encryptionPassphrase) {

  /** Where sets live and how long they are kept. */
  public record Store(Path backupDir, int retentionDays) {}

  /**
   * The Docker stack and how to reach the Docker API.
   *
   * @param explicitName {@code STACK_NAME} when set; else the stack is our own container's, or {@code
   *     opencrvs}
   * @param stopTimeout how long a restore waits for the dependents' tasks to stop
   * @param startTimeout how long a restore waits for them to run again
   */
  public record Stack(
      Optional<String> explicitName, String dockerHost, Duration stopTimeout, Duration startTimeout) {
    /** The stack name to use when none can be discovered. */
    public String name() {
      return explicitName.orElse(Variables.STACK_NAME.defaultValue());
    }
  }

  /**
   * MongoDB: an explicit URI (which overrides discovery), the databases (empty list means {@code auto}),
   * the collections left out ({@code db.collection}), how many collections are worked on at once, and
   * the admin credentials.
   */
  public record Mongo(
      Optional<Secret> uri,
      List<String> databases,
      List<String> excludes,
      int parallelCollections,
      Optional<String> user,
      Optional<Secret> password) {
    public boolean autoDatabases() {
      return databases.isEmpty();
    }
  }

  /**
   * Elasticsearch: an explicit URL, the indices to snapshot (names or patterns; empty means every
   * non-system index), the repository name, and basic-auth credentials.
   */
  public record Elastic(
      Optional<URI> url,
      List<String> indices,
      String repository,
      Optional<String> user,
      Optional<Secret> password) {}

  /**
   * InfluxDB 1.x: an explicit HTTP URL, an explicit RPC address {@code host:port}, and the databases to
   * back up (empty means every database).
   */
  public record Influx(Optional<URI> url, Optional<HostPort> rpcAddress, List<String> databases) {}

  /** A host and a port, as in {@code influxdb:8088}. */
  public record HostPort(String host, int port) {
    @Override
    public String toString() {
      return host + ":" + port;
    }
  }
}
