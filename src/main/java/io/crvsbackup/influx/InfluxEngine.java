package io.crvsbackup.influx;

import io.crvsbackup.config.Settings;
import io.crvsbackup.config.Settings.HostPort;
import io.crvsbackup.job.BackupTarget;
import io.crvsbackup.job.Engine;
import io.crvsbackup.job.EngineException;
import io.crvsbackup.job.EngineResult;
import io.crvsbackup.job.JobListener;
import io.crvsbackup.job.RestoreSource;
import io.crvsbackup.store.BackupSet;
import java.net.URI;
import java.time.Clock;
import java.util.List;

/**
 * The InfluxDB 1.x engine: portable backups ({@code influxd backup -portable} layout) taken and restored
 * over the snapshotter RPC in pure Java, so the sidecar needs no influxd binary. See spec.md for the
 * protocol and format.
 */
public final class InfluxEngine implements Engine {
  /** Where OpenCRVS's InfluxDB answers HTTP inside the stack. */
  public static final URI DEFAULT_URL = URI.create("http://influxdb:8086");
  /** Where its backup/restore RPC answers, once influxdb.conf binds it to all addresses. */
  public static final HostPort DEFAULT_RPC = new HostPort("influxdb", 8088);

  private final SnapshotterClient rpc;
  private final InfluxHttp http;
  private final List<String> databases;
  private final Clock clock;
  private final InfluxOptions options;

  InfluxEngine(Settings.Influx settings, Clock clock, InfluxOptions options) {
    this.rpc = new SnapshotterClient(settings.rpcAddress().orElse(DEFAULT_RPC), options.connectTimeout(),
        options.readTimeout());
    this.http = new InfluxHttp(settings.url().orElse(DEFAULT_URL), options.readTimeout());
    this.databases = List.copyOf(settings.databases());
    this.clock = clock;
    this.options = options;
  }

  /**
   * The engine for a configuration.
   *
   * @param settings the HTTP URL, RPC address and databases (empty: every database but {@code _internal});
   *     unset addresses default to {@link #DEFAULT_URL} and {@link #DEFAULT_RPC}
   * @param clock names the backup files ({@code <yyyyMMdd'T'HHmmss'Z'>.meta}, ...)
   */
  public static Engine create(Settings.Influx settings, Clock clock) {
    return new InfluxEngine(settings, clock, InfluxOptions.DEFAULTS);
  }

  @Override
  public String name() {
    return BackupCheck.ENGINE;
  }

  @Override
  public EngineResult backup(BackupTarget target) throws EngineException {
    return new InfluxBackup(rpc, http, databases, clock, options).run(target);
  }

  @Override
  public List<String> verifyOffline(BackupSet set, JobListener listener) {
    return new InfluxVerify(options.threads()).verify(set, listener);
  }

  @Override
  public EngineResult restore(RestoreSource source) throws EngineException {
    return new InfluxRestore(rpc, http, databases, options).run(source);
  }
}
