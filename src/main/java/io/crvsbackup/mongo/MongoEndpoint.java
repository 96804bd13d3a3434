package io.crvsbackup.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoCredential;
import io.crvsbackup.config.Settings;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Where the MongoDB replica set is and how to log in: {@code MONGODB_URI} when it is set, else {@code
 * mongo1..mongoN:27017} of replica set {@code rs0} with the admin credentials (authSource {@code
 * admin}). It also knows every secret in the connection string, so that any message can be {@link
 * #redact redacted} before it is shown: a password never reaches a log, a manifest or an exception.
 */
final class MongoEndpoint {
  static final String REPLICA_SET = "rs0";
  static final int PORT = 27017;
  private static final String MASK = "******";
  private static final Pattern USERINFO = Pattern.compile("(mongodb(?:\\+srv)?://)[^@/\\s]*@");

  private final ConnectionString connection;
  private final List<String> secrets;

  private MongoEndpoint(String uri, List<String> secrets) {
    this.secrets = List.copyOf(secrets);
    try {
      this.connection = new ConnectionString(uri);
    } catch (IllegalArgumentException e) {
      // the driver's message may quote the URI: never pass it on
      throw new IllegalArgumentException(
          "the MongoDB connection string is not valid: " + redact(e.getMessage()));
    }
  }

  /**
   * The endpoint for the settings and the swarm's replica count.
   *
   * @throws IllegalArgumentException when the URI does not parse, replicas is below 1, or only one
   *     of user and password is set; the message holds no secret
   */
  static MongoEndpoint of(Settings.Mongo settings, int replicas) {
    if (settings.uri().isPresent()) {
      String uri = settings.uri().get().reveal();
      List<String> secrets = new ArrayList<>();
      settings.password().ifPresent(p -> secrets.add(p.reveal()));
      secrets.add(uri);
      MongoEndpoint withUri = new MongoEndpoint(uri, secrets);
      char[] pw = withUri.connection.getPassword();
      return pw == null ? withUri : new MongoEndpoint(uri, append(secrets, new String(pw)));
    }
    if (replicas < 1) {
      throw new IllegalArgumentException("the MongoDB replica set needs at least 1 member, not " + replicas);
    }
    List<String> hosts = new ArrayList<>();
    for (int i = 1; i <= replicas; i++) {
      hosts.add("mongo" + i + ":" + PORT);
    }
    return of(settings, hosts);
  }

  /**
   * The endpoint for the settings and the members the swarm discovered ({@code host:port} each); an
   * explicit {@code MONGODB_URI} still wins.
   */
  static MongoEndpoint of(Settings.Mongo settings, List<String> hosts) {
    if (settings.uri().isPresent()) {
      return of(settings, Math.max(1, hosts.size()));
    }
    if (hosts.isEmpty()) {
      throw new IllegalArgumentException("the MongoDB replica set needs at least 1 member");
    }
    if (settings.user().isPresent() != settings.password().isPresent()) {
      throw new IllegalArgumentException(
          "MONGODB_ADMIN_USER and MONGODB_ADMIN_PASSWORD must be set together");
    }
    StringBuilder uri = new StringBuilder("mongodb://");
    List<String> secrets = new ArrayList<>();
    if (settings.user().isPresent()) {
      String password = settings.password().get().reveal();
      secrets.add(password);
      secrets.add(encode(password));
      uri.append(encode(settings.user().get())).append(':').append(encode(password)).append('@');
    }
    uri.append(String.join(",", hosts));
    uri.append("/?replicaSet=").append(REPLICA_SET);
    if (settings.user().isPresent()) {
      uri.append("&authSource=admin");
    }
    return new MongoEndpoint(uri.toString(), secrets);
  }

  /** The hosts as messages name them: {@code mongo1:27017,mongo2:27017}. */
  String hosts() {
    return String.join(",", connection.getHosts());
  }

  /** The user that logs in, if any. */
  String user() {
    return connection.getUsername();
  }

  String authSource() {
    MongoCredential c = connection.getCredential();
    return c == null ? "" : c.getSource();
  }

  /** The connection string with its secrets masked, for a plan or a log line. */
  String describe() {
    String masked = USERINFO.matcher(connection.getConnectionString()).replaceAll("$1" + MASK + "@");
    for (String s : secrets) {
      if (!s.isEmpty() && !s.equals(connection.getConnectionString())) {
        masked = masked.replace(s, MASK);
      }
    }
    return masked;
  }

  /** Replaces every secret of this endpoint, and any {@code user:password@} of a URI, by a mask. */
  String redact(String message) {
    if (message == null) {
      return "";
    }
    String m = message;
    for (String s : secrets) {
      if (!s.isEmpty()) {
        m = m.replace(s, MASK);
      }
    }
    return USERINFO.matcher(m).replaceAll("$1" + MASK + "@");
  }

  MongoClientSettings clientSettings(Tuning tuning) {
    MongoClientSettings.Builder b = MongoClientSettings.builder().applyConnectionString(connection);
    if (connection.getServerSelectionTimeout() == null) {
      b.applyToClusterSettings(
          c -> c.serverSelectionTimeout(tuning.serverSelection().toMillis(), TimeUnit.MILLISECONDS));
    }
    if (connection.getConnectTimeout() == null) {
      long ms = Math.min(tuning.serverSelection().toMillis(), 10_000);
      b.applyToSocketSettings(s -> s.connectTimeout((int) ms, TimeUnit.MILLISECONDS));
    }
    return b.build();
  }

  /** Percent-encodes a URI user-info part; a space becomes %20, never '+'. */
  static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static List<String> append(List<String> list, String s) {
    List<String> l = new ArrayList<>(list);
    l.add(s);
    l.add(encode(s));
    return l;
  }

  @Override
  public String toString() {
    return describe();
  }
}
