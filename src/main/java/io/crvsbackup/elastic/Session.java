package io.crvsbackup.elastic;

/**
 * What one backup, restore or forget works with: an open connection, the words for its failures, the
 * repository (name, and folder as the server is given it), and how long it may wait.
 */
record Session(Cluster cluster, Diagnosis diagnosis, String repository, String location, Poll poll, Timeouts timeouts) {

  RepositorySetup setup() {
    return new RepositorySetup(cluster, diagnosis, repository, location);
  }

  /** "snapshot 'snapshot_x' in repository 'ocrvs'", for messages. */
  String describe(String snapshot) {
    return "snapshot '" + snapshot + "' in repository '" + repository + "'";
  }

  /** The server's major version. */
  int major(String version) {
    return RepositoryData.major(version);
  }
}
