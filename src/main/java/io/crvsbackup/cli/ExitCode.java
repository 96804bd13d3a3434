package io.crvsbackup.cli;

import io.crvsbackup.config.ConfigException;
import io.crvsbackup.job.NotConfirmedException;
import io.crvsbackup.job.ServicesNotBackException;
import io.crvsbackup.store.BadInputException;
import io.crvsbackup.store.LockHeldException;

/**
 * The documented exit codes, and the one place where errors map to them.
 *
 * <pre>
 * 0  success
 * 1  the operation ran and failed (a verify found damage, a run failed, an I/O error)
 * 2  bad input: unknown command or option, invalid configuration, a label or day that does not
 *    resolve, a command this build does not have; nothing was changed
 * 3  another crvs-backup run holds the lock; nothing was changed
 * 4  a restore could not bring every service it scaled down back: the journal is kept; run
 *    'restore --resume' (serve also retries at start-up)
 * </pre>
 */
public final class ExitCode {
  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int USAGE = 2;
  public static final int LOCKED = 3;
  public static final int SERVICES_DOWN = 4;

  private ExitCode() {}

  static int of(Exception e) {
    if (e instanceof ServicesNotBackException) {
      return SERVICES_DOWN;
    }
    if (e instanceof ConfigException || e instanceof BadInputException || e instanceof NotConfirmedException) {
      return USAGE;
    }
    if (e instanceof LockHeldException) {
      return LOCKED;
    }
    return FAILED;
  }
}
