package io.crvsbackup.elastic;

import io.crvsbackup.job.EngineException;
import io.crvsbackup.job.JobListener;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Makes sure the snapshot repository is registered where crvs-backup keeps it: an {@code fs} repository
 * (OpenCRVS names it {@code ocrvs}) at {@code BACKUP_DIR/elasticsearch}. A repository of that name that is
 * of another type or at another folder is not changed: the operator is told what to do.
 */
final class RepositorySetup {
  private final Cluster cluster;
  private final Diagnosis diagnosis;
  private final String name;
  private final String location;

  RepositorySetup(Cluster cluster, Diagnosis diagnosis, String name, String location) {
    this.cluster = cluster;
    this.diagnosis = diagnosis;
    this.name = name;
    this.location = location;
  }

  /**
   * Registers the repository when it is missing (the server then checks it can write there) and, when
   * {@code verify} is set, has the server check an existing registration too.
   *
   * @return whether it registered the repository
   */
  boolean ensure(boolean verify, JobListener listener) throws EngineException {
    String what = "snapshot repository '" + name + "' at " + location;
    Optional<Cluster.RepositoryInfo> existing;
    try {
      existing = cluster.repository(name);
    } catch (ClusterException e) {
      throw diagnosis.fail("look up " + what, e);
    }
    if (existing.isPresent()) {
      checkSame(existing.get());
      if (verify) {
        try {
          cluster.verifyRepository(name);
        } catch (ClusterException e) {
          throw diagnosis.fail("verify " + what, e);
        }
      }
      return false;
    }
    try {
      cluster.createRepository(name, location);
    } catch (ClusterException e) {
      EngineException failure = diagnosis.fail("register " + what, e);
      undoFailedRegistration(failure);
      throw failure;
    }
    listener.info(SnapshotFacts.ENGINE, "registered " + what + " on " + cluster.address());
    return true;
  }

  private void checkSame(Cluster.RepositoryInfo info) throws EngineException {
    boolean same = "fs".equals(info.type()) && info.location().map(RepositorySetup::normalize)
        .filter(l -> l.equals(normalize(location))).isPresent();
    if (!same) {
      throw new EngineException("use snapshot repository '" + name + "' on Elasticsearch at " + cluster.address()
          + ": it is registered as a '" + info.type() + "' repository" + info.location().map(l -> " at " + l).orElse("")
          + ", but crvs-backup keeps snapshots in the fs repository at " + location + " (BACKUP_DIR/elasticsearch)."
          + " Unregister it (DELETE _snapshot/" + name + "; its files stay) or set ELASTICSEARCH_REPOSITORY to"
          + " another name");
    }
  }

  /** Elasticsearch 7.17 keeps a registration whose verification failed; we do not leave one behind. */
  private void undoFailedRegistration(EngineException failure) {
    try {
      if (cluster.repository(name).isPresent()) {
        cluster.deleteRepository(name);
      }
    } catch (ClusterException e) {
      failure.addSuppressed(e);
    }
  }

  private static String normalize(String p) {
    try {
      return Path.of(p).normalize().toString();
    } catch (RuntimeException e) {
      return p;
    }
  }
}
