package io.crvsbackup.daemon;

import java.time.Instant;
import java.util.Locale;

/**
 * {@code /metrics}: a {@link Report} in the Prometheus text exposition format (version 0.0.4). Every name
 * starts with {@code crvs_backup_}; timestamps are Unix seconds; a value not known yet is left out rather
 * than shown as 0, except the offsite state, which always has exactly one state at 1.
 */
final class Metrics {
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
  private final StringBuilder out = new StringBuilder();

  private Metrics() {}

  static String render(Report r) {
    Metrics m = new Metrics();
    m.family("crvs_backup_healthy", "gauge", "1 when /health answers 200");
    m.sample("crvs_backup_healthy", "", r.health().healthy() ? 1 : 0);
    m.family("crvs_backup_running", "gauge", "1 while a backup run is in progress");
    m.sample("crvs_backup_running", "", r.runningSince().isPresent() ? 1 : 0);
    r.nextRun().ifPresent(t -> {
      m.family("crvs_backup_next_run_timestamp_seconds", "gauge", "When the next scheduled run starts");
      m.sample("crvs_backup_next_run_timestamp_seconds", "", seconds(t));
    });
    r.last().ifPresent(l -> {
      m.family("crvs_backup_last_run_success", "gauge", "1 when the last run produced a complete set");
      m.sample("crvs_backup_last_run_success", "", l.ok() ? 1 : 0);
      m.family("crvs_backup_last_run_timestamp_seconds", "gauge", "When the last run ended");
      m.sample("crvs_backup_last_run_timestamp_seconds", "", seconds(l.finished()));
    });
    r.lastSuccess().ifPresent(l -> {
      m.family("crvs_backup_last_success_timestamp_seconds", "gauge", "When the last complete set was finished");
      m.sample("crvs_backup_last_success_timestamp_seconds", "", seconds(l.finished()));
    });
    m.family("crvs_backup_runs_total", "counter", "Runs since start-up, by result (skipped: another run held the lock)");
    r.runs().forEach((result, n) -> m.sample("crvs_backup_runs_total", labels("result", result), n));
    m.family("crvs_backup_failures_total", "counter",
        "Failed parts since start-up, by engine (backup: the run as a whole, such as the lock or the disk)");
    r.failures().forEach((engine, n) -> m.sample("crvs_backup_failures_total", labels("engine", engine), n));
    engines(m, r);
    m.family("crvs_backup_offsite_push_state", "gauge",
        "Offsite copy of the last complete set: exactly one state is 1 (disabled, unknown, ok, failed)");
    for (String state : Report.OFFSITE_STATES) {
      m.sample("crvs_backup_offsite_push_state", labels("state", state), state.equals(r.offsite()) ? 1 : 0);
    }
    return m.out.toString();
  }

  private static void engines(Metrics m, Report r) {
    if (r.engines().isEmpty()) {
      return;
    }
    m.family("crvs_backup_engine_last_success_timestamp_seconds", "gauge", "When the engine's part last succeeded");
    r.engines().forEach((e, run) ->
        m.sample("crvs_backup_engine_last_success_timestamp_seconds", labels("engine", e), seconds(run.finished())));
    m.family("crvs_backup_engine_last_duration_seconds", "gauge", "How long the engine's last good part took");
    r.engines().forEach((e, run) ->
        m.sample("crvs_backup_engine_last_duration_seconds", labels("engine", e), run.took().toMillis() / 1000.0));
    m.family("crvs_backup_engine_size_bytes", "gauge", "Bytes of the engine's files in its last good part");
    r.engines().forEach((e, run) -> m.sample("crvs_backup_engine_size_bytes", labels("engine", e), run.bytes()));
    m.family("crvs_backup_database_last_success_timestamp_seconds", "gauge",
        "When the database (index, InfluxDB database) was last backed up");
    r.engines().forEach((e, run) -> Report.databases(run.facts()).forEach(d -> m.sample(
        "crvs_backup_database_last_success_timestamp_seconds", labels("engine", e, "database", d.name()),
        seconds(run.finished()))));
    m.family("crvs_backup_database_documents", "gauge",
        "Documents (MongoDB, Elasticsearch) or points (InfluxDB) in the last good backup of the database");
    r.engines().forEach((e, run) -> Report.databases(run.facts()).forEach(d -> d.documents().ifPresent(n ->
        m.sample("crvs_backup_database_documents", labels("engine", e, "database", d.name()), n))));
    m.family("crvs_backup_database_size_bytes", "gauge", "Bytes of the database in its last good backup");
    r.engines().forEach((e, run) -> Report.databases(run.facts()).forEach(d -> d.bytes().ifPresent(n ->
        m.sample("crvs_backup_database_size_bytes", labels("engine", e, "database", d.name()), n))));
  }

  private void family(String name, String type, String help) {
    out.append("# HELP ").append(name).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private void sample(String name, String labels, double value) {
    out.append(name).append(labels).append(' ');
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      out.append((long) value);
    } else {
      out.append(String.format(Locale.ROOT, "%.3f", value));
    }
    out.append('\n');
  }

  private static String labels(String... kv) {
    StringBuilder b = new StringBuilder("{");
    for (int i = 0; i < kv.length; i += 2) {
      if (i > 0) {
        b.append(',');
      }
      b.append(kv[i]).append("=\"").append(escape(kv[i + 1])).append('"');
    }
    return b.append('}').toString();
  }

  static String escape(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  private static double seconds(Instant t) {
    return t.toEpochMilli() / 1000.0;
  }
}
