package io.crvsbackup.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Builds {@link Settings} from environment variables, validating all of them and reporting every
 * problem at once. Secret values never appear in a problem.
 */
public final class ConfigLoader {
  private static final Pattern STACK = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}");
  private static final Pattern DATABASE = Pattern.compile("[^/\\\\. \"$*<>:|?\\x00]{1,63}");
  private static final Pattern HOST = Pattern.compile("[a-zA-Z0-9]([a-zA-Z0-9.-]*[a-zA-Z0-9])?|\\[[0-9a-fA-F:]+]");
  private static final Pattern INDEX_PATTERN = Pattern.compile("-?[a-z0-9_.*][a-z0-9_.*+-]{0,254}");
  private static final Pattern REPOSITORY = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,254}");
  private static final Pattern INFLUX_DATABASE = Pattern.compile("[^\\x00-\\x1f]{1,255}");
  private static final Pattern EXCLUDE = Pattern.compile("[^/\\\\. \"$*<>:|?\\x00]{1,63}\\.[^$\\x00]{1,255}");
  static final int MAX_RETENTION_DAYS = 3650;
  static final int MAX_PARALLEL_COLLECTIONS = 16;

  private ConfigLoader() {}

  /** Loads from the process environment. */
  public static Settings fromEnvironment() throws ConfigException {
    return load(System::getenv);
  }

  public static Settings load(Map<String, String> env) throws ConfigException {
    return load(env::get);
  }

  /**
   * Loads from a lookup function.
   *
   * @throws ConfigException listing every problem found
   */
  public static Settings load(Function<String, String> env) throws ConfigException {
    EnvReader in = new EnvReader(env);
    Path backupDir = backupDir(in);
    int retention = retentionDays(in);
    boolean mustBeMounted = in.readBoolean(Variables.BACKUP_DIR_MUST_BE_MOUNTED);
    CronExpression schedule = schedule(in);
    Optional<String> stack = in.read(Variables.STACK_NAME);
    if (stack.isPresent() && !STACK.matcher(stack.get()).matches()) {
      in.problem(Variables.STACK_NAME, "'" + stack.get() + "' is not a stack name; use letters, digits, '_', '.', '-'");
    }
    Duration stopTimeout = seconds(in, Variables.RESTORE_STOP_TIMEOUT);
    Duration startTimeout = seconds(in, Variables.RESTORE_START_TIMEOUT);
    String dockerHost = dockerHost(in);
    Settings.Mongo mongo = mongo(in);
    Settings.Elastic elastic =
        new Settings.Elastic(
            url(in, Variables.ELASTICSEARCH_URL),
            list(in, Variables.ELASTICSEARCH_INDICES, INDEX_PATTERN,
                "is not an index name or pattern (lowercase, no spaces, no \\ / ? \" < > | , #)"),
            repository(in),
            in.read(Variables.ELASTICSEARCH_ADMIN_USER),
            in.readSecret(Variables.ELASTICSEARCH_ADMIN_PASSWORD));
    Settings.Influx influx =
        new Settings.Influx(
            url(in, Variables.INFLUXDB_URL),
            hostPort(in, Variables.INFLUXDB_RPC_ADDRESS),
            list(in, Variables.INFLUXDB_DATABASES, INFLUX_DATABASE, "is not a database name (1-255 characters)"));
    Optional<Secret> passphrase = OffsiteLoader.passphrase(in);
    Settings.Offsite offsite = OffsiteLoader.offsite(in);
    Settings.Daemon daemon = DaemonLoader.daemon(in);
    if (!in.problems().isEmpty()) {
      throw new ConfigException(in.problems());
    }
    return new Settings(
        new Settings.Store(backupDir, retention, mustBeMounted),
        schedule,
        new Settings.Stack(stack, dockerHost, stopTimeout, startTimeout),
        mongo,
        elastic,
        influx,
        passphrase,
        offsite,
        daemon);
  }

  private static Path backupDir(EnvReader in) {
    String value = in.read(Variables.BACKUP_DIR).orElse(Variables.BACKUP_DIR.defaultValue());
    try {
      Path path = Path.of(value);
      if (!path.isAbsolute()) {
        in.problem(Variables.BACKUP_DIR, "'" + value + "' is not an absolute path (for example /data/backups)");
      }
      return path.normalize();
    } catch (InvalidPathException e) {
      in.problem(Variables.BACKUP_DIR, "'" + value + "' is not a valid path: " + e.getReason());
      return Path.of(Variables.BACKUP_DIR.defaultValue());
    }
  }

  private static int retentionDays(EnvReader in) {
    String value =
        in.read(Variables.BACKUP_RETENTION_DAYS).orElse(Variables.BACKUP_RETENTION_DAYS.defaultValue());
    try {
      int days = Integer.parseInt(value);
      if (days >= 1 && days <= MAX_RETENTION_DAYS) {
        return days;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    in.problem(
        Variables.BACKUP_RETENTION_DAYS,
        "'" + value + "' is not a whole number of days from 1 to " + MAX_RETENTION_DAYS + " (default 7)");
    return 7;
  }

  private static CronExpression schedule(EnvReader in) {
    String value = in.read(Variables.BACKUP_SCHEDULE).orElse(Variables.BACKUP_SCHEDULE.defaultValue());
    try {
      return CronExpression.parse(value);
    } catch (IllegalArgumentException e) {
      in.problem(Variables.BACKUP_SCHEDULE, e.getMessage());
      return CronExpression.parse(Variables.BACKUP_SCHEDULE.defaultValue());
    }
  }

  /** A whole number of seconds, 1 to a day. */
  private static Duration seconds(EnvReader in, Variable variable) {
    String value = in.read(variable).orElse(variable.defaultValue());
    try {
      long s = Long.parseLong(value);
      if (s >= 1 && s <= 86_400) {
        return Duration.ofSeconds(s);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    in.problem(variable, "'" + value + "' is not a whole number of seconds from 1 to 86400 (default "
        + variable.defaultValue() + ")");
    return Duration.ofSeconds(Long.parseLong(variable.defaultValue()));
  }

  private static String dockerHost(EnvReader in) {
    String value = in.read(Variables.DOCKER_HOST).orElse(Variables.DOCKER_HOST.defaultValue());
    if (!(value.startsWith("unix:///") || value.startsWith("tcp://"))) {
      in.problem(
          Variables.DOCKER_HOST,
          "'" + withoutCredentials(value) + "' is not a Docker endpoint; use unix:///path/to/docker.sock or tcp://host:port");
    }
    return value;
  }

  private static Settings.Mongo mongo(EnvReader in) {
    Optional<Secret> uri = in.readSecret(Variables.MONGODB_URI);
    uri.ifPresent(
        u -> {
          String s = u.reveal();
          if (!(s.startsWith("mongodb://") || s.startsWith("mongodb+srv://"))) {
            // Say what is wrong without echoing the value: it may hold a password.
            in.problem(Variables.MONGODB_URI, "is not a MongoDB connection string; it must start with mongodb://");
          }
        });
    String dbs =
        in.read(Variables.MONGODB_DATABASES).orElse(Variables.MONGODB_DATABASES.defaultValue());
    List<String> databases = new ArrayList<>();
    if (!dbs.equals("auto")) {
      for (String raw : dbs.split(",", -1)) {
        String db = raw.trim();
        if (!DATABASE.matcher(db).matches()) {
          in.problem(
              Variables.MONGODB_DATABASES,
              "'" + db + "' is not a database name (1-63 characters, none of / \\ . space \" $ * < > : | ?);"
                  + " give a comma-separated list or auto");
        } else if (databases.contains(db)) {
          in.problem(Variables.MONGODB_DATABASES, "'" + db + "' is listed twice");
        } else {
          databases.add(db);
        }
      }
    }
    List<String> excludes = list(in, Variables.MONGODB_EXCLUDES, EXCLUDE,
        "is not db.collection (for example openhim-dev.transactions)");
    int parallel = Integer.parseInt(Variables.MONGODB_PARALLEL_COLLECTIONS.defaultValue());
    Optional<String> p = in.read(Variables.MONGODB_PARALLEL_COLLECTIONS);
    if (p.isPresent()) {
      try {
        parallel = Integer.parseInt(p.get());
      } catch (NumberFormatException e) {
        parallel = -1;
      }
      if (parallel < 1 || parallel > MAX_PARALLEL_COLLECTIONS) {
        in.problem(Variables.MONGODB_PARALLEL_COLLECTIONS,
            "'" + p.get() + "' is not a whole number from 1 to " + MAX_PARALLEL_COLLECTIONS + " (default 4)");
        parallel = 4;
      }
    }
    Optional<String> user = in.read(Variables.MONGODB_ADMIN_USER);
    Optional<Secret> password = in.readSecret(Variables.MONGODB_ADMIN_PASSWORD);
    if (user.isPresent() != password.isPresent() && uri.isEmpty()) {
      Variable missing = user.isPresent() ? Variables.MONGODB_ADMIN_PASSWORD : Variables.MONGODB_ADMIN_USER;
      in.problem(missing, "is required when " + (user.isPresent() ? "MONGODB_ADMIN_USER" : "MONGODB_ADMIN_PASSWORD")
          + " is set");
    }
    return new Settings.Mongo(uri, List.copyOf(databases), excludes, parallel, user, password);
  }

  /** A comma-separated list; each item must match {@code item}; empty when unset. */
  private static List<String> list(EnvReader in, Variable variable, Pattern item, String what) {
    Optional<String> value = in.read(variable);
    if (value.isEmpty()) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (String raw : value.get().split(",", -1)) {
      String v = raw.trim();
      if (!item.matcher(v).matches()) {
        in.problem(variable, "'" + v + "' " + what);
      } else if (!out.contains(v)) {
        out.add(v);
      }
    }
    return List.copyOf(out);
  }

  private static String repository(EnvReader in) {
    String value = in.read(Variables.ELASTICSEARCH_REPOSITORY).orElse(Variables.ELASTICSEARCH_REPOSITORY.defaultValue());
    if (!REPOSITORY.matcher(value).matches()) {
      in.problem(Variables.ELASTICSEARCH_REPOSITORY,
          "'" + value + "' is not a repository name (lowercase letters, digits, '_', '.', '-')");
    }
    return value;
  }

  private static Optional<URI> url(EnvReader in, Variable variable) {
    Optional<String> value = in.read(variable);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    try {
      URI uri = new URI(value.get());
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
        in.problem(variable, "'" + withoutCredentials(value.get()) + "' is not an http:// or https:// URL with a host");
        return Optional.empty();
      }
      if (uri.getUserInfo() != null) {
        in.problem(variable, "must not carry credentials; use the _ADMIN_USER and _ADMIN_PASSWORD variables");
        return Optional.empty();
      }
      return Optional.of(uri);
    } catch (URISyntaxException e) {
      in.problem(variable, "'" + withoutCredentials(value.get()) + "' is not a URL: " + e.getReason());
      return Optional.empty();
    }
  }

  /** A URL as it may be shown in a problem: whatever precedes an '@' may hold a password, so it is masked. */
  private static String withoutCredentials(String url) {
    int at = url.lastIndexOf('@');
    if (at < 0) {
      return url;
    }
    int scheme = url.indexOf("://");
    int start = scheme >= 0 && scheme < at ? scheme + 3 : 0;
    return url.substring(0, start) + "******" + url.substring(at);
  }

  private static Optional<Settings.HostPort> hostPort(EnvReader in, Variable variable) {
    Optional<String> value = in.read(variable);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    String s = value.get();
    int colon = s.lastIndexOf(':');
    if (colon > 0) {
      String host = s.substring(0, colon);
      try {
        int port = Integer.parseInt(s.substring(colon + 1));
        if (port >= 1 && port <= 65535 && HOST.matcher(host).matches()) {
          return Optional.of(new Settings.HostPort(host, port));
        }
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    in.problem(variable, "'" + withoutCredentials(s) + "' is not host:port (for example influxdb:8088)");
    return Optional.empty();
  }
}
