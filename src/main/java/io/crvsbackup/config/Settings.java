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
    Optional<Secret> encryptionPassphrase,
    Offsite offsite,
    Daemon daemon) {

  /**
   * What {@code serve} needs beyond a backup: its HTTP port, notifications, log format and limits.
   *
   * @param httpPort the port of {@code /health}, {@code /metrics} and {@code /status}
   * @param webhook {@code NOTIFY_WEBHOOK_URL}, a secret (such URLs often carry a token); checked to be http(s)
   * @param notifyOnSuccess whether a successful run is notified too
   * @param jsonLogs whether log lines are JSON objects rather than text
   * @param maxAge when present, {@code /health} fails once the newest good set is older; else the schedule decides
   * @param runLimit a run longer than this is stuck; also how long a scheduled run has to finish
   * @param shutdownGrace on SIGTERM, how long a running backup may go on
   */
  public record Daemon(
      int httpPort,
      Optional<Secret> webhook,
      boolean notifyOnSuccess,
      boolean jsonLogs,
      Optional<Duration> maxAge,
      Duration runLimit,
      Duration shutdownGrace) {}

  /**
   * Where sets live and how long they are kept.
   *
   * @param mustBeMounted {@code BACKUP_DIR_MUST_BE_MOUNTED}: refuse a folder on the container's own filesystem
   */
  public record Store(Path backupDir, int retentionDays, boolean mustBeMounted) {
    public Store(Path backupDir, int retentionDays) {
      this(backupDir, retentionDays, false);
    }
  }

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

  /**
   * Offsite copies over SSH ({@code EXTERNAL_BACKUP_*}, {@code BACKUP_ENCRYPTION_*}).
   *
   * @param server the backup server; empty when {@code EXTERNAL_BACKUP_HOST} is not set (no offsite copies)
   * @param retention how many sets the backup server keeps
   * @param recipients age recipients ({@code age1...}); when given, copies are encrypted to them, else
   *     with {@link Settings#encryptionPassphrase()} when that is set, else not at all
   * @param identity the age identity file's content, to decrypt copies that are pulled back
   * @param keyPassphrase the passphrase of the SSH private key, when it has one
   */
  public record Offsite(
      Optional<OffsiteServer> server,
      int retention,
      List<String> recipients,
      Optional<Secret> identity,
      Optional<Secret> keyPassphrase) {
    public Offsite {
      recipients = List.copyOf(recipients);
    }

    /** Whether offsite copies are configured. */
    public boolean enabled() {
      return server.isPresent();
    }
  }

  /**
   * The backup server and how to log in. At least one of {@code knownHosts} and {@code
   * hostKeyFingerprint} is present; when both are, the server's key must satisfy both.
   *
   * @param dir the absolute folder on the server that holds the sets
   * @param hostKeyFingerprint {@code SHA256:} and 43 base64 characters, as {@code ssh-keygen -lf} prints it
   */
  public record OffsiteServer(
      String host,
      int port,
      String user,
      String dir,
      Path keyFile,
      Optional<Path> knownHosts,
      Optional<String> hostKeyFingerprint) {
    @Override
    public String toString() {
      return user + "@" + (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port + dir;
    }
  }
}
