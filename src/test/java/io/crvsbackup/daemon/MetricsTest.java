package io.crvsbackup.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** /metrics is valid Prometheus text (parsed back here) and carries each engine's and database's numbers. */
class MetricsTest {
  private static final Instant T = Instant.parse("2026-11-26T00:00:05Z");
  private static final Pattern SAMPLE = Pattern.compile(
      "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{((?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\]|\\\\.)*\",?)*)\\})? (-?[0-9.eE+-]+|NaN|\\+Inf|-Inf)");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  static Report report(History h, String offsite) {
    Health.Verdict v = new Health.Verdict(true, List.of());
    return new Report(T.plusSeconds(3600), v, Optional.of(T.plusSeconds(86_400)), h.runningSince(), h.last(),
        h.lastSuccess(), h.engines(), h.failures(), h.runs(), offsite);
  }

  /** Parses exposition text: "name{k=v,...}" to value; checks HELP and TYPE come before a family's samples. */
  static Map<String, Double> parse(String text) {
    Map<String, Double> samples = new HashMap<>();
    Set<String> typed = new HashSet<>();
    Set<String> helped = new HashSet<>();
    for (String line : text.split("\n")) {
      if (line.startsWith("# HELP ")) {
        helped.add(line.split(" ")[2]);
      } else if (line.startsWith("# TYPE ")) {
        String[] p = line.split(" ");
        assertThat(p[3]).isIn("gauge", "counter");
        assertThat(typed.add(p[2])).as("one TYPE per family: " + p[2]).isTrue();
      } else {
        Matcher m = SAMPLE.matcher(line);
        assertThat(m.matches()).as("a sample line: " + line).isTrue();
        String family = m.group(1);
        assertThat(typed).as("TYPE before " + family).contains(family);
        assertThat(helped).as("HELP before " + family).contains(family);
        assertThat(family).startsWith("crvs_backup_");
        StringBuilder key = new StringBuilder(family);
        if (m.group(3) != null) {
          Matcher l = LABEL.matcher(m.group(3));
          List<String> kv = new java.util.ArrayList<>();
          while (l.find()) {
            kv.add(l.group(1) + "=" + l.group(2));
          }
          key.append('{').append(String.join(",", kv)).append('}');
        }
        assertThat(samples.put(key.toString(), Double.parseDouble(m.group(4)))).as("duplicate " + key).isNull();
      }
    }
    assertThat(text).endsWith("\n");
    return samples;
  }

  @Test
  void everyEngineAndDatabaseHasItsNumbers() {
    History h = new History();
    h.finished(Runs.ok("2026-11-26", T));

    Map<String, Double> m = parse(Metrics.render(report(h, "disabled")));

    double done = T.plusSeconds(60).getEpochSecond();
    assertThat(m).containsEntry("crvs_backup_healthy", 1.0)
        .containsEntry("crvs_backup_running", 0.0)
        .containsEntry("crvs_backup_last_run_success", 1.0)
        .containsEntry("crvs_backup_last_success_timestamp_seconds", done)
        .containsEntry("crvs_backup_next_run_timestamp_seconds", (double) T.plusSeconds(86_400).getEpochSecond())
        .containsEntry("crvs_backup_runs_total{result=ok}", 1.0)
        .containsEntry("crvs_backup_runs_total{result=failed}", 0.0)
        .containsEntry("crvs_backup_engine_last_success_timestamp_seconds{engine=mongo}", done)
        .containsEntry("crvs_backup_engine_last_duration_seconds{engine=mongo}", 42.0)
        .containsEntry("crvs_backup_engine_last_duration_seconds{engine=influxdb}", 1.5)
        .containsEntry("crvs_backup_engine_size_bytes{engine=mongo}", 1200.0)
        .containsEntry("crvs_backup_database_documents{engine=mongo,database=hearth-dev}", 10.0)
        .containsEntry("crvs_backup_database_size_bytes{engine=mongo,database=user-mgnt}", 512.0)
        .containsEntry("crvs_backup_database_documents{engine=elasticsearch,database=ocrvs}", 7.0)
        .containsEntry("crvs_backup_database_documents{engine=influxdb,database=ocrvs}", 99.0)
        .containsEntry("crvs_backup_database_last_success_timestamp_seconds{engine=influxdb,database=ocrvs}", done)
        .containsEntry("crvs_backup_offsite_push_state{state=disabled}", 1.0)
        .containsEntry("crvs_backup_offsite_push_state{state=unknown}", 0.0);
  }

  @Test
  void aFailedPartCountsAndKeepsTheEnginesLastGoodNumbers() {
    History h = new History();
    h.finished(Runs.ok("2026-11-25", T.minusSeconds(86_400)));
    h.finished(Runs.failed("2026-11-26", T));

    Map<String, Double> m = parse(Metrics.render(report(h, "unknown")));

    assertThat(m).containsEntry("crvs_backup_last_run_success", 0.0)
        .containsEntry("crvs_backup_failures_total{engine=elasticsearch}", 1.0)
        .containsEntry("crvs_backup_runs_total{result=failed}", 1.0)
        .containsEntry("crvs_backup_last_success_timestamp_seconds", (double) T.minusSeconds(86_400 - 60).getEpochSecond())
        .containsEntry("crvs_backup_engine_last_success_timestamp_seconds{engine=elasticsearch}",
            (double) T.minusSeconds(86_400 - 60).getEpochSecond())
        .containsEntry("crvs_backup_engine_last_success_timestamp_seconds{engine=mongo}",
            (double) T.plusSeconds(60).getEpochSecond())
        .containsEntry("crvs_backup_offsite_push_state{state=unknown}", 1.0);
  }

  @Test
  void nothingYetStillParses() {
    Map<String, Double> m = parse(Metrics.render(report(new History(), "unknown")));

    assertThat(m).containsEntry("crvs_backup_running", 0.0).doesNotContainKey("crvs_backup_last_run_success");
  }

  @Test
  void labelValuesAreEscaped() {
    assertThat(Metrics.escape("a\"b\\c\nd")).isEqualTo("a\\\"b\\\\c\\nd");
  }

  @Test
  void offsiteStateComesFromTheManifestWhenItRecordsOne() {
    assertThat(Report.offsite(false, Optional.empty())).isEqualTo("disabled");
    assertThat(Report.offsite(true, Optional.of(Runs.ok("2026-11-26", T)))).isEqualTo("unknown");
    var m = Runs.manifest("2026-11-26", T);
    Map<String, JsonNode> engines = new HashMap<>(m.engines());
    engines.put("offsite", Runs.json("{'ok':false}"));
    var withOffsite = new io.crvsbackup.store.Manifest(m.label(), m.status(), m.created(), m.finished(),
        m.toolVersion(), m.artifacts(), engines, m.failures());
    assertThat(Report.offsite(true, Optional.of(RunRecord.of(withOffsite)))).isEqualTo("failed");
  }

  @Test
  void statusJsonCarriesTheSameNumbers() throws Exception {
    History h = new History();
    h.finished(Runs.ok("2026-11-26", T));

    JsonNode s = Runs.JSON.readTree(StatusJson.status(report(h, "disabled")));

    assertThat(s.path("healthy").asBoolean()).isTrue();
    assertThat(s.path("lastSuccess").path("label").asText()).isEqualTo("2026-11-26");
    assertThat(s.path("engines").path("mongo").path("databases").path("hearth-dev").path("documents").asLong())
        .isEqualTo(10);
    assertThat(s.path("engines").path("influxdb").path("databases").path("ocrvs").path("documents").asLong())
        .isEqualTo(99);
    assertThat(s.path("offsite").path("state").asText()).isEqualTo("disabled");
    assertThat(s.path("runsTotal").path("ok").asLong()).isEqualTo(1);
  }
}
