package io.crvsbackup.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/** Reads {@code serve}'s variables ({@code HTTP_PORT}, {@code NOTIFY_*}, {@code LOG_FORMAT}, limits) for {@link ConfigLoader}. */
final class DaemonLoader {
  private DaemonLoader() {}

  static Settings.Daemon daemon(EnvReader in) {
    int port = (int) number(in, Variables.HTTP_PORT, 1, 65_535, "a port");
    Optional<Secret> webhook = webhook(in);
    boolean onSuccess = in.readBoolean(Variables.NOTIFY_ON_SUCCESS);
    String format = in.read(Variables.LOG_FORMAT).orElse(Variables.LOG_FORMAT.defaultValue()).toLowerCase(Locale.ROOT);
    if (!format.equals("text") && !format.equals("json")) {
      in.problem(Variables.LOG_FORMAT, "'" + format + "' is not a log format; use text or json");
    }
    Optional<Duration> maxAge = in.read(Variables.BACKUP_MAX_AGE_HOURS).isEmpty()
        ? Optional.empty()
        : Optional.of(Duration.ofHours(number(in, Variables.BACKUP_MAX_AGE_HOURS, 1, 8_760, "a number of hours")));
    Duration runLimit = Duration.ofHours(number(in, Variables.BACKUP_RUN_LIMIT_HOURS, 1, 168, "a number of hours"));
    Duration grace = Duration.ofSeconds(number(in, Variables.SHUTDOWN_GRACE_SECONDS, 0, 86_400, "a number of seconds"));
    return new Settings.Daemon(port, webhook, onSuccess, format.equals("json"), maxAge, runLimit, grace);
  }

  private static long number(EnvReader in, Variable v, long min, long max, String what) {
    String value = in.read(v).orElse(v.defaultValue());
    try {
      long n = Long.parseLong(value);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    in.problem(v, "'" + value + "' is not " + what + " from " + min + " to " + max
        + (v.defaultValue().isEmpty() ? "" : " (default " + v.defaultValue() + ")"));
    return v.defaultValue().isEmpty() ? min : Long.parseLong(v.defaultValue());
  }

  /** The URL is a secret (it often carries a token), so a problem says what is wrong without echoing it. */
  private static Optional<Secret> webhook(EnvReader in) {
    Optional<Secret> url = in.readSecret(Variables.NOTIFY_WEBHOOK_URL);
    if (url.isEmpty()) {
      return url;
    }
    String s = url.get().reveal().trim();
    try {
      URI uri = new URI(s);
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
        return Optional.of(Secret.of(s));
      }
      in.problem(Variables.NOTIFY_WEBHOOK_URL, "is not an http:// or https:// URL with a host (the value is not shown:"
          + " it may hold a token)");
    } catch (URISyntaxException e) {
      in.problem(Variables.NOTIFY_WEBHOOK_URL, "is not a URL (" + e.getReason() + " at character " + e.getIndex()
          + "; the value is not shown: it may hold a token)");
    }
    return Optional.empty();
  }
}
