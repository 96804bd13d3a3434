package io.crvsbackup.daemon;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.Optional;

/** {@code /status} and {@code /health}'s body: the same facts as {@code /metrics}, as JSON. */
final class StatusJson {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private StatusJson() {}

  static String health(Report r) {
    ObjectNode n = JSON.createObjectNode();
    n.put("status", r.health().healthy() ? "healthy" : "unhealthy");
    r.health().reasons().forEach(n.putArray("reasons")::add);
    r.lastSuccess().ifPresent(s -> n.put("lastSuccess", s.finished().toString()).put("lastSuccessLabel", s.label()));
    r.nextRun().ifPresent(t -> n.put("nextRun", t.toString()));
    return write(n);
  }

  static String status(Report r) {
    ObjectNode n = JSON.createObjectNode();
    n.put("time", r.now().toString());
    n.put("healthy", r.health().healthy());
    r.health().reasons().forEach(n.putArray("reasons")::add);
    r.nextRun().ifPresent(t -> n.put("nextRun", t.toString()));
    r.runningSince().ifPresent(t -> n.put("runningSince", t.toString()));
    run(n, "lastRun", r.last());
    run(n, "lastSuccess", r.lastSuccess());
    ObjectNode engines = n.putObject("engines");
    r.engines().forEach((name, e) -> {
      ObjectNode en = engines.putObject(name);
      en.put("label", e.label()).put("lastSuccess", e.finished().toString())
          .put("durationSeconds", e.took().toMillis() / 1000.0).put("sizeBytes", e.bytes());
      ObjectNode dbs = en.putObject("databases");
      Report.databases(e.facts()).forEach(d -> {
        ObjectNode dn = dbs.putObject(d.name());
        d.documents().ifPresent(v -> dn.put("documents", v));
        d.bytes().ifPresent(v -> dn.put("sizeBytes", v));
      });
    });
    ObjectNode failures = n.putObject("failuresTotal");
    r.failures().forEach(failures::put);
    ObjectNode runs = n.putObject("runsTotal");
    r.runs().forEach(runs::put);
    n.putObject("offsite").put("state", r.offsite());
    return write(n);
  }

  private static void run(ObjectNode parent, String field, Optional<RunRecord> run) {
    run.ifPresent(r -> {
      ObjectNode n = parent.putObject(field);
      n.put("label", r.label()).put("ok", r.ok()).put("started", r.started().toString())
          .put("finished", r.finished().toString()).put("durationSeconds", r.took().toMillis() / 1000.0);
      r.failures().forEach(n.putArray("failures")::add);
      r.manifest().ifPresent(m -> n.put("sizeBytes", m.totalSize()).put("files", m.artifacts().size()));
    });
  }

  private static String write(ObjectNode n) {
    try {
      return JSON.writeValueAsString(n) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
