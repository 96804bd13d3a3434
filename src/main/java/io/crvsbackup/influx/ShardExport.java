package io.crvsbackup.influx;

import io.crvsbackup.job.EngineException;
import io.crvsbackup.job.JobListener;
import io.crvsbackup.store.AtomicFiles;
import io.crvsbackup.store.WrittenFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Exports shards over the RPC into {@code <ts>.s<id>.tar.gz} files, a few at a time. Each tar is checked
 * while it streams (a shard whose export broke off has no end-of-archive marker) and gzipped with the
 * inner name {@code <ts>.s<id>.tar}, as influxd names it. An export that fails is tried again: the
 * server answers nothing when it could not snapshot the shard at that moment.
 */
final class ShardExport {
  /** A shard to export: its id, retention policy and time range (ns). */
  record Job(long id, String retentionPolicy, long start, long end) {}

  /**
   * An exported shard: its file, the length of the tar inside, and what it holds, counted from the tar
   * itself; or, when the TSM data could not be counted, why not.
   */
  record Done(Job job, WrittenFile file, long tarBytes, int files, ShardCounter.Result counts, String uncounted) {}

  private final SnapshotterClient rpc;
  private final Path dir;
  private final String timestamp;
  private final InfluxOptions options;
  private final JobListener listener;

  ShardExport(SnapshotterClient rpc, Path dir, String timestamp, InfluxOptions options, JobListener listener) {
    this.rpc = rpc;
    this.dir = dir;
    this.timestamp = timestamp;
    this.options = options;
    this.listener = listener;
  }

  /**
   * Exports every job of a database; the files written are added to {@code written} as they appear.
   *
   * @return the exported shards in the order of {@code jobs}
   * @throws EngineException naming the first shard that failed, once every export has ended
   */
  List<Done> run(String db, List<Job> jobs, List<Path> written) throws EngineException {
    List<Parallel.Task<Done, EngineException>> tasks = new ArrayList<>();
    for (Job j : jobs) {
      tasks.add(() -> {
        Done d = export(db, j);
        written.add(d.file().path());
        return d;
      });
    }
    try {
      return Parallel.run(options.threads(), "influx-export", tasks);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineException("export the shards of database " + InfluxQl.ident(db) + ": interrupted", e);
    }
  }

  private Done export(String db, Job j) throws EngineException {
    String name = timestamp + ".s" + j.id();
    String what = "shard " + j.id() + " of " + InfluxQl.ident(db) + "." + InfluxQl.ident(j.retentionPolicy());
    for (int attempt = 1; ; attempt++) {
      AtomicReference<TarStream.Summary> summary = new AtomicReference<>();
      try (ShardCounter counter = new ShardCounter(dir, what)) {
        WrittenFile f = AtomicFiles.write(dir.resolve(name + ".tar.gz"), out -> {
          GzipOutput gz = new GzipOutput(out, name + ".tar", options.gzipLevel());
          try {
            summary.set(rpc.shardBackup(db, j.retentionPolicy(), j.id(),
                in -> TarStream.copy(in, gz, "the export of " + what, counter)));
            gz.finish();
          } finally {
            gz.release();
          }
        });
        ShardCounter.Result counts = null;
        String uncounted = null;
        try {
          counts = counter.count();
        } catch (IOException e) { // the shard is exported; only its counts are lost
          uncounted = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        listener.progress(BackupCheck.ENGINE, db + "/" + j.retentionPolicy() + "/" + j.id(), summary.get().files(),
            f.size(), true);
        return new Done(j, f, summary.get().bytes(), summary.get().files(), counts, uncounted);
      } catch (RpcUnreachableException e) {
        throw new EngineException("export " + what + ": " + e.getMessage(), e);
      } catch (IOException e) {
        if (attempt >= options.attempts()) {
          throw new EngineException("export " + what + " from " + rpc.address() + " (" + attempt + " attempts): "
              + reason(e), e);
        }
        listener.warning(BackupCheck.ENGINE, "export " + what + " failed (" + reason(e) + "); trying again");
        pause(1000L << (attempt - 1), what);
      }
    }
  }

  /**
   * What went wrong, never {@code null}: some exceptions (an {@code EOFException} from a stream cut short,
   * for one) carry no message, and "failed (null)" tells an operator nothing.
   */
  static String reason(Throwable e) {
    String own = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    Throwable cause = e.getCause();
    return cause == null || cause == e || (e.getMessage() != null && e.getMessage().contains(String.valueOf(
        cause.getMessage()))) ? own : own + ": " + reason(cause);
  }

  private static void pause(long millis, String what) throws EngineException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineException("export " + what + ": interrupted", e);
    }
  }
}
