package io.crvsbackup.swarm;

import java.util.Optional;

/**
 * A service of the stack and the part it plays in a restore.
 *
 * @param info what the swarm says about it
 * @param role why it is, or is not, scaled down
 * @param database the database it runs, for {@link Role#DATABASE}
 */
public record StackService(ServiceInfo info, Role role, Optional<DatabaseService> database) {

  /** The part a service plays. */
  public enum Role {
    /** Runs a database that is backed up and restored; it keeps running. */
    DATABASE,
    /** This backup service itself. */
    SELF,
    /** Labelled {@code crvs-backup.keep-running=true}. */
    KEEP_RUNNING,
    /** Uses the databases: scaled to 0 during a restore. */
    DEPENDENT
  }
}
