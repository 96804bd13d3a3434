package io.crvsbackup.mongo;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.MongoSecurityException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import io.crvsbackup.job.EngineException;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns what the driver throws into an {@link EngineException} whose message names the operation, the
 * object and the hosts, says in plain words what went wrong (cannot reach, wrong credentials, not
 * allowed), and holds no secret.
 */
final class ServerErrors {
  /** The server error codes that mean a collection went away under an open cursor. */
  private static final Set<Integer> GONE = Set.of(26, 43, 175, 237);

  private static final Pattern CAUSE = Pattern.compile("caused by \\{([^}]*)}");
  private static final Pattern EXCEPTION = Pattern.compile("exception=\\{([^}]*)}");

  private final MongoEndpoint endpoint;
  private final long timeoutSeconds;

  ServerErrors(MongoEndpoint endpoint, Tuning tuning) {
    this.endpoint = endpoint;
    this.timeoutSeconds = Math.max(1, tuning.serverSelection().toSeconds());
  }

  /**
   * The exception for a failed operation.
   *
   * @param operation what was being done and to what, ending in a preposition that the hosts
   *     complete, e.g. {@code dump hearth-dev.Patient from}
   */
  EngineException failed(String operation, Throwable e) {
    return new EngineException(endpoint.redact(message(operation, e)), scrubbed(e));
  }

  /** An exception with a message of our own about {@code operation}, redacted. */
  EngineException failed(String operation, String detail, Throwable cause) {
    return new EngineException(endpoint.redact(operation + " " + endpoint.hosts() + ": " + detail), scrubbed(cause));
  }

  String message(String operation, Throwable e) {
    String at = operation + " " + endpoint.hosts();
    MongoSecurityException security = find(e, MongoSecurityException.class);
    if (security != null) {
      return at + ": the server refused the credentials of user '" + endpoint.user()
          + "' (authSource " + endpoint.authSource() + "): " + serverMessage(security)
          + "; check MONGODB_ADMIN_USER and MONGODB_ADMIN_PASSWORD";
    }
    if (e instanceof MongoTimeoutException t) {
      return at + ": cannot reach MongoDB: no server of " + endpoint.hosts() + " answered within "
          + timeoutSeconds + " s" + reason(t.getMessage());
    }
    if (e instanceof MongoSocketException s) {
      return at + ": the connection to " + s.getServerAddress() + " failed: " + s.getMessage();
    }
    if (e instanceof MongoCommandException c && (c.getErrorCode() == 13 || c.getErrorCode() == 18)) {
      return at + ": user '" + endpoint.user() + "' is not allowed to do this: "
          + c.getErrorMessage();
    }
    if (e instanceof MongoCommandException c) {
      return at + ": " + c.getErrorCodeName() + " (" + c.getErrorCode() + "): " + c.getErrorMessage();
    }
    return at + ": " + (e.getMessage() == null ? e.toString() : e.getMessage());
  }

  /** Whether {@code e} says that the collection under a cursor was dropped or its cursor killed. */
  static boolean collectionGone(Throwable e) {
    return e instanceof MongoException m && GONE.contains(m.getCode());
  }

  private static String serverMessage(MongoSecurityException e) {
    MongoCommandException c = find(e, MongoCommandException.class);
    return c != null ? c.getErrorMessage() : "authentication failed";
  }

  /** The first reason the driver gives in a timeout's cluster description. */
  private static String reason(String description) {
    if (description == null) {
      return "";
    }
    String found = null;
    Matcher m = CAUSE.matcher(description);
    while (m.find()) {
      found = m.group(1);
    }
    if (found == null) {
      Matcher ex = EXCEPTION.matcher(description);
      found = ex.find() ? ex.group(1) : null;
    }
    return found == null ? "" : " (" + found.replaceFirst("^[\\w.]+\\.(\\w+Exception): ", "$1: ") + ")";
  }

  private static <T extends Throwable> T find(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  /** The cause to keep: the driver's own, unless its message could hold a secret. */
  private Throwable scrubbed(Throwable e) {
    String m = e.getMessage();
    if (m != null && !endpoint.redact(m).equals(m)) {
      EngineException copy = new EngineException(endpoint.redact(m));
      copy.setStackTrace(e.getStackTrace());
      return copy;
    }
    return e;
  }
}
