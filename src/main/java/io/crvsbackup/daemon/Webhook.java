package io.crvsbackup.daemon;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crvsbackup.config.Secret;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * Posts a run's outcome to {@code NOTIFY_WEBHOOK_URL} as the JSON documented in {@code notifications.md}:
 * on failure always, on success when {@code NOTIFY_ON_SUCCESS=true}. A webhook that fails, hangs or answers
 * an error never fails the backup: the attempt is bounded by {@link #TIMEOUT} and its failure is logged. The
 * URL is a secret; log lines name only its scheme and host.
 */
final class Webhook {
  static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Optional<Secret> url;
  private final boolean onSuccess;
  private final Log log;
  private final Duration timeout;

  Webhook(Optional<Secret> url, boolean onSuccess, Log log) {
    this(url, onSuccess, log, TIMEOUT);
  }

  Webhook(Optional<Secret> url, boolean onSuccess, Log log, Duration timeout) {
    this.url = url;
    this.onSuccess = onSuccess;
    this.log = log;
    this.timeout = timeout;
  }

  /** Sends the run's outcome, if the configuration asks for it; returns whether it was delivered. */
  boolean notify(RunRecord run, String host, String version) {
    if (url.isEmpty() || (run.ok() && !onSuccess)) {
      return false;
    }
    URI uri;
    try {
      uri = URI.create(url.get().reveal());
    } catch (IllegalArgumentException e) {
      log.error("notify", "NOTIFY_WEBHOOK_URL is not a URL; the notification of " + run.label() + " was not sent");
      return false;
    }
    String where = uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
    try {
      HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).build();
      HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
          .header("Content-Type", "application/json")
          .header("User-Agent", "crvs-backup/" + version)
          .POST(HttpRequest.BodyPublishers.ofString(payload(run, host, version))).build();
      HttpResponse<Void> response = client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
          .get(timeout.toMillis() * 2, java.util.concurrent.TimeUnit.MILLISECONDS);
      if (response.statusCode() / 100 != 2) {
        log.error("notify", "the webhook at " + where + " answered HTTP " + response.statusCode()
            + "; the notification of " + run.label() + " was not delivered (the backup itself is unaffected)");
        return false;
      }
      log.info("notify", "webhook at " + where + " notified of " + run.label() + (run.ok() ? " (ok)" : " (failed)"));
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      log.error("notify", "the notification to " + where + " was interrupted");
      return false;
    } catch (Exception e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      log.error("notify", "the webhook at " + where + " could not be reached (" + cause.getClass().getSimpleName()
          + (cause.getMessage() == null ? "" : ": " + cause.getMessage()) + "); the notification of " + run.label()
          + " was not delivered (the backup itself is unaffected)");
      return false;
    }
  }

  /** The documented payload; see {@code notifications.md}. */
  static String payload(RunRecord run, String host, String version) {
    ObjectNode n = JSON.createObjectNode();
    n.put("event", run.ok() ? "backup.succeeded" : "backup.failed");
    n.put("service", "crvs-backup");
    n.put("version", version);
    n.put("host", host);
    n.put("label", run.label());
    n.put("status", run.manifest().map(m -> m.status().word()).orElse("not-started"));
    n.put("started", run.started().toString());
    n.put("finished", run.finished().toString());
    n.put("durationSeconds", run.took().toMillis() / 1000.0);
    run.manifest().ifPresent(m -> n.put("sizeBytes", m.totalSize()).put("files", m.artifacts().size()));
    ObjectNode engines = n.putObject("engines");
    run.manifest().ifPresent(m -> m.engines().forEach((name, facts) -> {
      ObjectNode e = engines.putObject(name).put("ok", facts.path("ok").asBoolean(false));
      if (facts.has("durationMs")) {
        e.put("durationSeconds", facts.path("durationMs").asLong() / 1000.0);
      }
      if (facts.hasNonNull("error")) {
        e.put("error", facts.path("error").asText());
      }
    }));
    run.failures().forEach(n.putArray("failures")::add);
    n.put("text", text(run, host));
    try {
      return JSON.writeValueAsString(n);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** One line for chat webhooks (Slack, Mattermost and Rocket.Chat show {@code text}). */
  static String text(RunRecord run, String host) {
    if (run.ok()) {
      return "crvs-backup on " + host + ": backup " + run.label() + " is complete";
    }
    return "crvs-backup on " + host + ": backup " + run.label() + " FAILED: " + String.join("; ", run.failures());
  }
}
