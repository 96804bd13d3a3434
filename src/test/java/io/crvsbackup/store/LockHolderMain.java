package io.crvsbackup.store;

import java.nio.file.Path;
import java.time.Clock;

/**
 * Run in a separate JVM by {@link LockHolder}: {@code hold <lock file>} takes the store lock, prints
 * {@code HOLDING <pid>} and keeps it until it is killed, its stdin closes (the test JVM went away) or a
 * minute passes; {@code try <lock file>} tries once and prints {@code ACQUIRED} or {@code REFUSED <message>}.
 */
public final class LockHolderMain {
  private LockHolderMain() {}

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    Path file = Path.of(args[1]);
    if (mode.equals("try")) {
      try (StoreLock lock = StoreLock.acquire(file, "test try", Clock.systemUTC(), w -> {})) {
        System.out.println("ACQUIRED");
      } catch (LockHeldException e) {
        System.out.println("REFUSED " + e.getMessage());
      }
      System.out.flush();
      return;
    }
    Thread watchdog =
        new Thread(
            () -> {
              try {
                Thread.sleep(60_000);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              Runtime.getRuntime().halt(4);
            });
    watchdog.setDaemon(true);
    watchdog.start();
    StoreLock lock = StoreLock.acquire(file, "test holder", Clock.systemUTC(), w -> System.out.println("WARN " + w));
    System.out.println("HOLDING " + ProcessHandle.current().pid());
    System.out.flush();
    while (System.in.read() != -1) {
      // hold
    }
    lock.close();
  }
}
