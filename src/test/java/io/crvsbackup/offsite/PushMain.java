package io.crvsbackup.offsite;

import io.crvsbackup.store.BackupStore;
import java.nio.file.Path;
import java.util.Map;

/**
 * Pushes one set, in its own JVM, so that a test can kill it with SIGKILL in the middle of an upload.
 *
 * <p>Usage: PushMain BACKUP_DIR REMOTE_PARENT none|passphrase LABEL (the SSH_* variables of scripts/test-env
 * in the environment)
 */
public final class PushMain {
  private PushMain() {}

  public static void main(String[] args) throws Exception {
    Path backupDir = Path.of(args[0]);
    OffsiteFixture fx = new OffsiteFixture(Path.of(args[1]));
    Map<String, String> env = fx.env(backupDir);
    if (args[2].equals("passphrase")) {
      env.put("BACKUP_ENCRYPTION_PASSPHRASE", OffsiteFixture.PASSPHRASE);
    }
    BackupStore store = OffsiteFixture.store(backupDir);
    System.out.println(OffsiteFixture.offsite(OffsiteFixture.settings(env), store, OffsiteListener.NONE,
        Retry.none()).push(args[3]));
  }
}
