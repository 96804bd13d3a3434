package io.crvsbackup.elastic;

import io.crvsbackup.job.EngineException;
import java.util.Optional;

/**
 * Turns a failed call into a message an operator can act on: the operation and its object, the server,
 * what went wrong in plain words and what to change. The server's own words follow in parentheses.
 */
final class Diagnosis {
  private final String address;
  private final Optional<String> user;
  private final String location;

  Diagnosis(String address, Optional<String> user, String location) {
    this.address = address;
    this.user = user;
    this.location = location;
  }

  /** A call to the server. */
  interface Call<T> {
    T run() throws ClusterException;
  }

  /** A call to the server that returns nothing. */
  interface Action {
    void run() throws ClusterException;
  }

  /** Makes the call; a failure becomes {@link #fail}. */
  <T> T call(String operation, Call<T> call) throws EngineException {
    try {
      return call.run();
    } catch (ClusterException e) {
      throw fail(operation, e);
    }
  }

  /** Does the action; a failure becomes {@link #fail}. */
  void run(String operation, Action action) throws EngineException {
    try {
      action.run();
    } catch (ClusterException e) {
      throw fail(operation, e);
    }
  }

  /** {@code operation} reads like "register snapshot repository 'ocrvs' at /data/backups/elasticsearch". */
  EngineException fail(String operation, ClusterException e) {
    return new EngineException(operation + " on Elasticsearch at " + address + ": " + explain(e), e);
  }

  String explain(ClusterException e) {
    String said = " (" + e.detail() + ")";
    if (ClusterException.UNREACHABLE.equals(e.type())) {
      return "cannot connect" + said + ". Check that Elasticsearch is running and that this container reaches it"
          + " at " + address + " (ELASTICSEARCH_URL, or the service discovered in the stack)";
    }
    if (ClusterException.TIMEOUT.equals(e.type())) {
      return "no answer in time" + said + "; the server may be overloaded or stuck";
    }
    if (ClusterException.NOT_ELASTICSEARCH.equals(e.type())) {
      return "the server did not identify itself as Elasticsearch (no X-Elastic-Product header)" + said
          + ". crvs-backup needs Elasticsearch 7.14 or newer (OpenCRVS runs 7.17 or 8.x); a proxy in between"
          + " must pass that header";
    }
    if (e.status() == 401) {
      return "the server refused the credentials" + user.map(u -> " of user '" + u + "'").orElse(" (no user is set)")
          + said + ". Set ELASTICSEARCH_ADMIN_USER and ELASTICSEARCH_ADMIN_PASSWORD (or ELASTICSEARCH_ADMIN_PASSWORD_FILE)"
          + " to an account of this cluster";
    }
    if (e.status() == 403) {
      return user.map(u -> "user '" + u + "'").orElse("the anonymous user") + " may not do this" + said
          + ". Use an account with the cluster privileges 'manage' and 'create_snapshot' and index privilege 'all'"
          + " (OpenCRVS's 'elastic' superuser has them)";
    }
    if (e.mentions("path.repo")) {
      return "the server refuses the location " + location + " because it is not under its path.repo setting" + said
          + ". Add path.repo=" + location + " to the Elasticsearch node's settings (in OpenCRVS's"
          + " docker-compose: the environment entry 'path.repo=" + location + "' of the elasticsearch service,"
          + " with the host's backup folder bind-mounted at " + location + "), restart Elasticsearch and run again";
    }
    if (e.mentions("requires Elasticsearch version") || e.mentions("higher than the version of this node")) {
      return "the repository or snapshot was written by a newer Elasticsearch than this server" + said
          + ". Restore onto a server of that version or newer";
    }
    if (notWritable(e)) {
      return "Elasticsearch cannot write into the repository folder " + location + said
          + ". Make that folder writable by the user Elasticsearch runs as (uid 1000 in the official image,"
          + " e.g. chown -R 1000:0 on the host folder mounted there) and check it is not mounted read-only";
    }
    return e.detail();
  }

  static boolean notWritable(ClusterException e) {
    return e.hasType("repository_verification_exception")
        || e.mentions("AccessDenied") || e.mentions("access_denied") || e.mentions("Permission denied")
        || e.mentions("Operation not permitted") || e.mentions("Read-only file system")
        || e.mentions("not accessible");
  }
}
