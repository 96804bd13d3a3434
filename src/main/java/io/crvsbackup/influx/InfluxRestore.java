package io.crvsbackup.influx;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crvsbackup.job.EngineException;
import io.crvsbackup.job.EngineResult;
import io.crvsbackup.job.JobListener;
import io.crvsbackup.job.RestoreSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * A restore as OpenCRVS does it, over the RPC instead of {@code influxd restore -portable}: the plan
 * checks the whole backup first; then, per database, {@code DROP DATABASE}, a metastore update that
 * recreates it (under its new name for a drill) with fresh shard ids, and an upload of every shard,
 * renamed into the new ids. Each upload waits until the server has loaded the shard. Last, the counts
 * are compared with those the backup recorded, polling for a bounded time.
 */
final class InfluxRestore {
  private final SnapshotterClient rpc;
  private final InfluxHttp http;
  private final List<String> configured;
  private final InfluxOptions options;

  InfluxRestore(SnapshotterClient rpc, InfluxHttp http, List<String> configured, InfluxOptions options) {
    this.rpc = rpc;
    this.http = http;
    this.configured = List.copyOf(configured);
    this.options = options;
  }

  EngineResult run(RestoreSource source) throws EngineException {
    JobListener listener = source.listener();
    listener.engineStarted(BackupCheck.ENGINE, "rpc " + rpc.address() + ", http " + http.where());
    Phases phases = new Phases();
    RestorePlan plan = RestorePlan.prepare(source, configured, options.threads());
    phases.done("check");
    String untouched = "; nothing was dropped or changed";
    String version = InfluxBackup.step("ask InfluxDB at " + http.where() + " for its version" + untouched,
        http::version);
    InfluxBackup.step("reach the backup/restore RPC port" + untouched, rpc::metastore);
    ObjectNode facts = JsonNodeFactory.instance.objectNode();
    facts.put("serverVersion", version);
    var restored = facts.putArray("restored");
    List<String> warnings = new ArrayList<>(plan.warnings());
    for (Map.Entry<String, String> e : plan.targets().entrySet()) {
      String db = e.getKey();
      String target = e.getValue();
      restoreOne(plan, db, target, listener, phases);
      CountWait wait = new CountWait(http, options.countTimeout());
      Counts counts = wait.await(target, rpNames(plan, db), plan.expected().get(db), "restore InfluxDB database "
          + InfluxQl.ident(db) + (db.equals(target) ? "" : " as " + InfluxQl.ident(target)));
      restored.addObject().put("source", db).put("target", target).put("shards", plan.shardsOf(db).size())
          .put("series", counts.totalSeries()).put("points", counts.totalPoints())
          .put("countsChecked", plan.expected().containsKey(db)).put("countReadings", wait.readings());
      phases.done("count");
      if (!plan.expected().containsKey(db)) {
        warnings.add("database " + InfluxQl.ident(db) + " has no recorded counts (a backup without our manifest,"
            + " or one whose shards could not be counted): its counts ("
            + counts.totalSeries() + " series, " + counts.totalPoints() + " points) could not be compared");
      }
    }
    facts.set("phasesMs", phases.toJson());
    return new EngineResult(List.of(), facts, warnings);
  }

  private void restoreOne(RestorePlan plan, String db, String target, JobListener listener, Phases phases)
      throws EngineException {
    String what = "restore InfluxDB database " + InfluxQl.ident(db)
        + (db.equals(target) ? "" : " as " + InfluxQl.ident(target));
    InfluxBackup.step(what + ": drop " + InfluxQl.ident(target) + " (it was not dropped)",
        () -> {
          http.dropDatabase(target);
          return null;
        });
    String dropped = ". " + InfluxQl.ident(target) + " was dropped before this failed, so it is now empty or"
        + " partly restored: fix the cause and restore again";
    List<PortableManifest.Entry> shards = plan.shardsOf(db);
    Map<Long, Long> ids;
    try {
      ids = updateMetastore(plan, db, target, !shards.isEmpty());
    } catch (IOException e) {
      throw new EngineException(what + ": metastore update on " + rpc.address() + ": " + e.getMessage() + dropped, e);
    }
    phases.done("metastore");
    List<Parallel.Task<Void, IOException>> uploads = new ArrayList<>();
    for (PortableManifest.Entry s : shards) {
      Long newId = ids.get(s.shardId());
      if (newId == null) {
        throw new EngineException(what + ": the server created no shard for shard " + s.shardId() + " ("
            + s.fileName() + ")" + dropped);
      }
      uploads.add(() -> {
        upload(plan, s, target, newId);
        listener.progress(BackupCheck.ENGINE, target + "/" + s.policy() + "/" + newId, 1,
            Files.size(plan.backup().file(s)), true);
        return null;
      });
    }
    try {
      Parallel.run(options.threads(), "influx-upload", uploads);
      phases.done("upload");
    } catch (IOException | RuntimeException e) {
      throw new EngineException(what + ": shard upload to " + rpc.address() + ": " + e.getMessage() + dropped, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineException(what + ": interrupted" + dropped, e);
    }
  }

  /**
   * Sends the metastore of one database. A server before 1.8.10 reads the upload with a single socket
   * read and may miss its end; it then imports nothing, so the update is sent again.
   */
  private Map<Long, Long> updateMetastore(RestorePlan plan, String db, String target, boolean hasShards)
      throws IOException {
    byte[] only = MetaCodec.onlyDatabase(plan.meta().raw(), db, plan.backup().metaFile());
    for (int attempt = 1; ; attempt++) {
      Map<Long, Long> ids = rpc.updateMetastore(db, target, only);
      if (!ids.isEmpty()) {
        return ids;
      }
      boolean exists = http.databases().contains(target);
      if (!hasShards && exists) {
        return ids;
      }
      if (exists || attempt >= options.attempts()) {
        throw new FormatException("the server imported no shard ids (after " + attempt + " attempt(s)); "
            + (exists ? "the database exists on the server" : "the database was not created")
            + "; see the influxd log");
      }
    }
  }

  private void upload(RestorePlan plan, PortableManifest.Entry s, String target, long newId) throws IOException {
    String what = s.fileName();
    rpc.uploadShard(newId, out -> {
      try (InputStream in = new GZIPInputStream(Files.newInputStream(plan.backup().file(s)), 256 * 1024)) {
        TarStream.rename(in, out, name -> renamed(name, target, newId), what);
      } catch (IllegalArgumentException e) {
        throw new FormatException(what + ": " + e.getMessage(), e);
      }
    });
  }

  /** {@code db/rp/id/rest} becomes {@code target/rp/newId/rest}, as influxd's restore renames entries. */
  static String renamed(String name, String target, long newId) {
    String[] parts = name.split("/");
    if (parts.length < 4) {
      throw new IllegalArgumentException("tar entry '" + name + "' is not <db>/<rp>/<shard>/<file>");
    }
    StringBuilder b = new StringBuilder(target).append('/').append(parts[1]).append('/').append(newId);
    for (int i = 3; i < parts.length; i++) {
      b.append('/').append(parts[i]);
    }
    return b.toString();
  }

  private static List<String> rpNames(RestorePlan plan, String db) {
    return plan.meta().database(db).map(d -> d.retentionPolicies().stream()
        .map(MetaData.RetentionPolicy::name).toList()).orElse(List.of());
  }
}
