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
  public static final Variable BACKUP_DIR_MUST_BE_MOUNTED =
      Variable.plain("BACKUP_DIR_MUST_BE_MOUNTED", "false",
          "Refuse a BACKUP_DIR that is not a mount of its own, e.g. a forgotten bind mount (the image sets true)");
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
      Variable.secret(
          "BACKUP_ENCRYPTION_PASSPHRASE",
          "Passphrase that encrypts offsite copies as <label>.tar.gz.enc (openssl enc -aes-256-cbc -salt -pbkdf2),"
              + " one line");
  public static final Variable BACKUP_ENCRYPTION_RECIPIENTS =
      Variable.plain(
          "BACKUP_ENCRYPTION_RECIPIENTS",
          "",
          "age public keys (age1...), comma-separated: offsite copies are encrypted to them instead, so this host"
              + " cannot read its own copies");
  public static final Variable BACKUP_ENCRYPTION_IDENTITY =
      Variable.secret(
          "BACKUP_ENCRYPTION_IDENTITY",
          "age identity (AGE-SECRET-KEY-1..., as age-keygen writes it) that decrypts copies pulled back; needed only"
              + " to restore them");
  public static final Variable EXTERNAL_BACKUP_HOST =
      Variable.plain("EXTERNAL_BACKUP_HOST", "", "Backup server for offsite copies over SSH; empty: no offsite copies");
  public static final Variable EXTERNAL_BACKUP_PORT =
      Variable.plain("EXTERNAL_BACKUP_PORT", "22", "SSH port of the backup server");
  public static final Variable EXTERNAL_BACKUP_USER =
      Variable.plain("EXTERNAL_BACKUP_USER", "", "SSH user on the backup server (required with a host)");
  public static final Variable EXTERNAL_BACKUP_DIR =
      Variable.plain(
          "EXTERNAL_BACKUP_DIR", "", "Absolute folder on the backup server that holds the sets (required with a host)");
  public static final Variable EXTERNAL_BACKUP_SSH_KEY_FILE =
      Variable.plain(
          "EXTERNAL_BACKUP_SSH_KEY_FILE",
          "",
          "Private key file for the SSH login, mode 0600 or 0400 (required with a host)");
  public static final Variable EXTERNAL_BACKUP_SSH_KEY_PASSPHRASE =
      Variable.secret("EXTERNAL_BACKUP_SSH_KEY_PASSPHRASE", "Passphrase of that private key, when it has one");
  public static final Variable EXTERNAL_BACKUP_KNOWN_HOSTS =
      Variable.plain(
          "EXTERNAL_BACKUP_KNOWN_HOSTS",
          "",
          "known_hosts file that holds the backup server's host key (this or the fingerprint is required)");
  public static final Variable EXTERNAL_BACKUP_HOST_KEY_FINGERPRINT =
      Variable.plain(
          "EXTERNAL_BACKUP_HOST_KEY_FINGERPRINT",
          "",
          "The backup server's host key as SHA256:... (ssh-keygen -lf); with a known_hosts file too, both must match");
  public static final Variable EXTERNAL_BACKUP_RETENTION =
      Variable.plain(
          "EXTERNAL_BACKUP_RETENTION", "7", "Sets kept on the backup server (1-3650); never the newest complete one");

  public static final Variable HTTP_PORT =
      Variable.plain("HTTP_PORT", "8080", "Port of serve's /health, /metrics and /status (1-65535)");
  public static final Variable NOTIFY_WEBHOOK_URL =
      Variable.secret(
          "NOTIFY_WEBHOOK_URL", "http(s) URL that receives a JSON message when a scheduled backup fails");
  public static final Variable NOTIFY_ON_SUCCESS =
      Variable.plain("NOTIFY_ON_SUCCESS", "false", "Also notify the webhook when a scheduled backup succeeds (true or false)");
  public static final Variable LOG_FORMAT =
      Variable.plain("LOG_FORMAT", "text", "serve's log lines: text, or json (one object a line) for log shippers");
  public static final Variable BACKUP_MAX_AGE_HOURS =
      Variable.plain(
          "BACKUP_MAX_AGE_HOURS",
          "",
          "/health fails when the newest good set is older than this (1-8760); empty: when a scheduled run was missed");
  public static final Variable BACKUP_RUN_LIMIT_HOURS =
      Variable.plain(
          "BACKUP_RUN_LIMIT_HOURS", "6", "A run longer than this is stuck for /health; also the time a scheduled run has to finish (1-168)");
  public static final Variable SHUTDOWN_GRACE_SECONDS =
      Variable.plain(
          "SHUTDOWN_GRACE_SECONDS", "300", "On SIGTERM, how long a running backup may go on before it is abandoned (0-86400)");

  public static final List<Variable> ALL =
      List.of(
          BACKUP_DIR,
          BACKUP_DIR_MUST_BE_MOUNTED,
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
          BACKUP_ENCRYPTION_PASSPHRASE,
          BACKUP_ENCRYPTION_RECIPIENTS,
          BACKUP_ENCRYPTION_IDENTITY,
          EXTERNAL_BACKUP_HOST,
          EXTERNAL_BACKUP_PORT,
          EXTERNAL_BACKUP_USER,
          EXTERNAL_BACKUP_DIR,
          EXTERNAL_BACKUP_SSH_KEY_FILE,
          EXTERNAL_BACKUP_SSH_KEY_PASSPHRASE,
          EXTERNAL_BACKUP_KNOWN_HOSTS,
          EXTERNAL_BACKUP_HOST_KEY_FINGERPRINT,
          EXTERNAL_BACKUP_RETENTION,
          HTTP_PORT,
          NOTIFY_WEBHOOK_URL,
          NOTIFY_ON_SUCCESS,
          LOG_FORMAT,
          BACKUP_MAX_AGE_HOURS,
          BACKUP_RUN_LIMIT_HOURS,
          SHUTDOWN_GRACE_SECONDS);

  private Variables() {}

  public static Optional<Variable> named(String name) {
    return ALL.stream().filter(v -> v.name().equals(name)).findFirst();
  }
}
