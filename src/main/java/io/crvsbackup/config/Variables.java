package io.crvsbackup.config;

import java.util.List;
import java.util.Optional;

/**
 * The catalogue of every variable crvs-backup reads, with its default and meaning. {@code .env.example}
 * and the README's table are checked against it by a test, so the three never drift apart.
 */
public final class Variables {
  public static final Variable BACKUP_DIR =
      Variable.plain("BACKUP_DIR", "/data/backups", "Where backup sets are written (bind-mounted from the host)");
  public static final Variable BACKUP_RETENTION_DAYS =
      Variable.plain("BACKUP_RETENTION_DAYS", "7", "Keep the sets of this many most recent days (1-3650)");
  public static final Variable BACKUP_SCHEDULE =
      Variable.plain("BACKUP_SCHEDULE", "0 0 * * *", "When serve takes a backup: cron, 5 fields, in TZ");
  public static final Variable STACK_NAME =
      Variable.plain(
          "STACK_NAME", "opencrvs", "Docker stack whose services are discovered and scaled (default: our own stack)");
  public static final Variable RESTORE_STOP_TIMEOUT =
      Variable.plain(
          "RESTORE_STOP_TIMEOUT", "180", "Seconds a restore waits for dependent services to stop before it gives up");
  public static final Variable RESTORE_START_TIMEOUT =
      Variable.plain(
          "RESTORE_START_TIMEOUT", "600", "Seconds a restore waits for dependent services to run again");
  public static final Variable DOCKER_HOST =
      Variable.plain("DOCKER_HOST", "unix:///var/run/docker.sock", "Docker Engine API endpoint (unix:// or tcp://)");
  public static final Variable MONGODB_URI =
      Variable.secret("MONGODB_URI", "MongoDB connection string; when set it overrides discovery");
  public static final Variable MONGODB_DATABASES =
      Variable.plain(
          "MONGODB_DATABASES",
          "hearth-dev,openhim-dev,user-mgnt,application-config",
          "Databases to back up, comma-separated, or auto for every non-system database");
  public static final Variable MONGODB_EXCLUDES =
      Variable.plain(
          "MONGODB_EXCLUDES", "", "Collections not to back up, comma-separated db.collection (e.g. openhim-dev.transactions)");
  public static final Variable MONGODB_PARALLEL_COLLECTIONS =
      Variable.plain("MONGODB_PARALLEL_COLLECTIONS", "4", "Collections dumped or restored at once (1-16)");
  public static final Variable MONGODB_ADMIN_USER =
      Variable.credential("MONGODB_ADMIN_USER", "MongoDB admin user (authSource admin)");
  public static final Variable MONGODB_ADMIN_PASSWORD =
      Variable.secret("MONGODB_ADMIN_PASSWORD", "MongoDB admin password");
  public static final Variable ELASTICSEARCH_URL =
      Variable.plain(
          "ELASTICSEARCH_URL", "", "Elasticsearch HTTP URL; when unset, discovered (http://elasticsearch:9200)");
  public static final Variable ELASTICSEARCH_INDICES =
      Variable.plain(
          "ELASTICSEARCH_INDICES", "", "Indices to snapshot, names or patterns (ocrvs*,events_*); empty: every non-system index");
  public static final Variable ELASTICSEARCH_REPOSITORY =
      Variable.plain("ELASTICSEARCH_REPOSITORY", "ocrvs", "Name of the fs snapshot repository at BACKUP_DIR/elasticsearch");
  public static final Variable ELASTICSEARCH_ADMIN_USER =
      Variable.credential("ELASTICSEARCH_ADMIN_USER", "Elasticsearch user for basic auth");
  public static final Variable ELASTICSEARCH_ADMIN_PASSWORD =
      Variable.secret("ELASTICSEARCH_ADMIN_PASSWORD", "Elasticsearch password for basic auth");
  public static final Variable INFLUXDB_URL =
      Variable.plain("INFLUXDB_URL", "", "InfluxDB HTTP URL; when unset, discovered (http://influxdb:8086)");
  public static final Variable INFLUXDB_RPC_ADDRESS =
      Variable.plain(
          "INFLUXDB_RPC_ADDRESS", "", "InfluxDB backup RPC host:port; when unset, discovered (influxdb:8088)");
  public static final Variable INFLUXDB_DATABASES =
      Variable.plain("INFLUXDB_DATABASES", "", "InfluxDB databases to back up, comma-separated; empty: every database");
  public static final Variable BACKUP_ENCRYPTION_PASSPHRASE =
      Variable.secret("BACKUP_ENCRYPTION_PASSPHRASE", "Passphrase that encrypts offsite copies (recommended)");

  public static final List<Variable> ALL =
      List.of(
          BACKUP_DIR,
          BACKUP_RETENTION_DAYS,
          BACKUP_SCHEDULE,
          STACK_NAME,
          RESTORE_STOP_TIMEOUT,
          RESTORE_START_TIMEOUT,
          DOCKER_HOST,
          MONGODB_URI,
          MONGODB_DATABASES,
          MONGODB_EXCLUDES,
          MONGODB_PARALLEL_COLLECTIONS,
          MONGODB_ADMIN_USER,
          MONGODB_ADMIN_PASSWORD,
          ELASTICSEARCH_URL,
          ELASTICSEARCH_INDICES,
          ELASTICSEARCH_REPOSITORY,
          ELASTICSEARCH_ADMIN_USER,
          ELASTICSEARCH_ADMIN_PASSWORD,
          INFLUXDB_URL,
          INFLUXDB_RPC_ADDRESS,
          INFLUXDB_DATABASES,
          BACKUP_ENCRYPTION_PASSPHRASE);

  private Variables() {}

  public static Optional<Variable> named(String name) {
    return ALL.stream().filter(v -> v.name().equals(name)).findFirst();
  }
}
