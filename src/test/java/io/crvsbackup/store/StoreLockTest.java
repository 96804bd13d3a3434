package io.crvsbackup.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreLockTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T02:00:00Z"), ZoneOffset.UTC);
  private static final long MY_PID = ProcessHandle.current().pid();

  @TempDir Path dir;

  @Test
  void theHolderIsRecordedWhileHeldAndClearedOnRelease() throws Exception {
    Path file = dir.resolve(".lock");
    List<String> warnings = new ArrayList<>();

    try (StoreLock lock = StoreLock.acquire(file, "prune", CLOCK, warnings::add)) {
      assertThat(Files.readString(file))
          .startsWith("pid " + MY_PID + " on ")
          .contains(", prune, since 2026-11-26T02:00:00Z");
    }

    assertThat(Files.readString(file)).isEmpty();
    try (StoreLock again = StoreLock.acquire(file, "verify", CLOCK, warnings::add)) {
      assertThat(Files.readString(file)).contains(", verify, ");
    }
    assertThat(warnings).as("a cleanly released lock is not a takeover").isEmpty();
  }

  @Test
  void aSecondAcquireInTheSameProcessIsRefusedNamingTheHolder() throws Exception {
    Path file = dir.resolve(".lock");

    try (StoreLock first = StoreLock.acquire(file, "backup", CLOCK, w -> {})) {
      LockHeldException e =
          catchThrowableOfType(LockHeldException.class, () -> StoreLock.acquire(file, "prune", CLOCK, w -> {}));

      assertThat(e).isNotNull();
      assertThat(e.getMessage()).contains(file.toString()).contains("pid " + MY_PID).contains("backup");
      assertThat(Files.readString(file)).as("the refused caller left the record alone").contains("backup");
    }
  }

  /** Regression, issue 2: the refused attempt closed a descriptor of .lock and so dropped the OS lock. */
  @Test
  void aRefusedAcquireInTheSameProcessDoesNotFreeTheLockForOthers() throws Exception {
    Path file = dir.resolve(".lock");

    try (StoreLock first = StoreLock.acquire(file, "backup", CLOCK, w -> {})) {
      catchThrowableOfType(LockHeldException.class, () -> StoreLock.acquire(file, "prune", CLOCK, w -> {}));

      // POSIX record locks belong to the process and go when any descriptor of the file is closed; the
      // refused attempt closes one. Another process must still find the lock held.
      assertThat(LockHolder.tryOnce(file)).startsWith("REFUSED ").contains("pid " + MY_PID);
    }
  }

  @Test
  void aLockHeldByALiveProcessIsRefusedNamingItsPid() throws Exception {
    Path file = dir.resolve(".lock");

    try (LockHolder holder = LockHolder.start(file)) {
      LockHeldException e =
          catchThrowableOfType(LockHeldException.class, () -> StoreLock.acquire(file, "prune", CLOCK, w -> {}));

      assertThat(e).isNotNull();
      assertThat(e.getMessage())
          .contains("another crvs-backup run holds " + file)
          .contains("pid " + holder.pid() + " on ")
          .contains("test holder");
      assertThat(Files.readString(file)).startsWith("pid " + holder.pid() + " ");
      assertThat(holder.output()).contains("HOLDING " + holder.pid());
    }
  }

  @Test
  void aLockLeftByAKilledProcessIsTakenOverWithAWarning() throws Exception {
    Path file = dir.resolve(".lock");
    long deadPid;
    try (LockHolder holder = LockHolder.start(file)) {
      deadPid = holder.pid();
      holder.kill();
    }
    assertThat(Files.readString(file)).as("the killed holder left its record").startsWith("pid " + deadPid + " ");
    List<String> warnings = new ArrayList<>();

    try (StoreLock lock = StoreLock.acquire(file, "backup", CLOCK, warnings::add)) {
      assertThat(warnings).singleElement().asString()
          .contains("taking over the lock " + file)
          .contains("pid " + deadPid + " on ")
          .contains("no longer running");
      assertThat(Files.readString(file)).startsWith("pid " + MY_PID + " ");
    }
  }

  @Test
  void aLockFileThatCannotBeOpenedIsAStoreError() {
    Path file = dir.resolve("no-such-dir/.lock");

    StoreException e =
        catchThrowableOfType(StoreException.class, () -> StoreLock.acquire(file, "prune", CLOCK, w -> {}));

    assertThat(e).isNotNull().isNotInstanceOf(LockHeldException.class);
    assertThat(e.getMessage()).contains("cannot open lock file " + file);
  }
}
