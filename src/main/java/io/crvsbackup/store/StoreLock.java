package io.crvsbackup.store;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The one process-wide lock on {@code BACKUP_DIR/.lock}. It is an OS file lock, so it holds across
 * containers that share the directory on one host, and the kernel releases it when its holder dies. The
 * file also records who holds it (pid, host, command, since): when a new holder finds such a record
 * without a live lock, the previous holder died, and the takeover is logged as a warning.
 */
public final class StoreLock implements AutoCloseable {
  /**
   * The lock files this process holds, with their holder records. OS file locks belong to the process,
   * and closing any descriptor of the file releases them (POSIX), so a second attempt from this process
   * must be refused without opening the file at all.
   */
  private static final Map<Path, String> HELD_HERE = new ConcurrentHashMap<>();

  private final Path key;
  private final FileChannel channel;
  private final FileLock lock;

  private StoreLock(Path key, FileChannel channel, FileLock lock) {
    this.key = key;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock or fails at once.
   *
   * @param purpose what the holder is doing, recorded for whoever finds the lock held
   * @param warnings receives the warning when a dead holder's lock is taken over
   * @throws LockHeldException when a live process holds it, naming that process
   */
  public static StoreLock acquire(Path file, String purpose, Clock clock, Consumer<String> warnings)
      throws StoreException {
    Path key = file.toAbsolutePath().normalize();
    String holder =
        "pid " + ProcessHandle.current().pid() + " on " + hostName() + ", " + purpose + ", since "
            + Instant.now(clock);
    String here = HELD_HERE.putIfAbsent(key, holder);
    if (here != null) {
      throw new LockHeldException(held(file, here));
    }
    boolean locked = false;
    try {
      StoreLock l = lock(file, key, holder, warnings);
      locked = true;
      return l;
    } finally {
      if (!locked) {
        HELD_HERE.remove(key);
      }
    }
  }

  private static StoreLock lock(Path file, Path key, String holder, Consumer<String> warnings)
      throws StoreException {
    FileChannel ch;
    try {
      ch =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new StoreException("cannot open lock file " + file + ": " + e.getMessage(), e);
    }
    try {
      FileLock lock;
      try {
        lock = ch.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      String previous = readHolder(ch);
      if (lock == null) {
        ch.close();
        throw new LockHeldException(held(file, previous.isEmpty() ? "holder unknown" : previous));
      }
      if (!previous.isEmpty()) {
        warnings.accept(
            "taking over the lock " + file + " left by a process that is no longer running (" + previous
                + "); its run was interrupted");
      }
      ch.truncate(0);
      ch.write(ByteBuffer.wrap(holder.getBytes(StandardCharsets.UTF_8)), 0);
      ch.force(true);
      return new StoreLock(key, ch, lock);
    } catch (IOException e) {
      try {
        ch.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new StoreException("cannot lock " + file + ": " + e.getMessage(), e);
    }
  }

  private static String held(Path file, String holder) {
    return "another crvs-backup run holds " + file + " (" + holder
        + "); wait for it to finish, or check it with 'docker ps' and 'ps'";
  }

  private static String readHolder(FileChannel ch) throws IOException {
    long size = Math.min(ch.size(), 4096);
    ByteBuffer buf = ByteBuffer.allocate((int) size);
    ch.read(buf, 0);
    return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).trim();
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return ManagementFactory.getRuntimeMXBean().getName();
    }
  }

  /** Clears the holder record and releases the lock. */
  @Override
  public void close() throws IOException {
    try {
      channel.truncate(0);
      channel.force(true);
      lock.release();
    } finally {
      try {
        channel.close();
      } finally {
        HELD_HERE.remove(key);
      }
    }
  }
}
