package io.crvsbackup.swarm;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;

/** Reading task JSON: which states count as live, running or done. */
final class Tasks {
  /** Task states after which no container runs any more. Anything else (and anything unknown) is live. */
  private static final Set<String> FINISHED =
      Set.of("complete", "shutdown", "failed", "rejected", "orphaned", "remove");
  private static final Set<String> BEFORE_RUNNING =
      Set.of("new", "allocated", "pending", "assigned", "accepted", "preparing", "ready", "starting");

  private Tasks() {}

  static String state(JsonNode task) {
    return task.path("Status").path("State").asText("unknown");
  }

  static String desired(JsonNode task) {
    return task.path("DesiredState").asText("unknown");
  }

  /** A container may still run for this task: it has not reached a final state. */
  static boolean live(JsonNode task) {
    return !FINISHED.contains(state(task));
  }

  /** Running and meant to run. */
  static boolean running(JsonNode task) {
    return state(task).equals("running") && desired(task).equals("running");
  }

  /** Meant to run but not running yet. */
  static boolean starting(JsonNode task) {
    return desired(task).equals("running") && BEFORE_RUNNING.contains(state(task));
  }

  /** Finished successfully, at or after {@code since} (for one-shot services). */
  static boolean completedSince(JsonNode task, Instant since) {
    return state(task).equals("complete") && !createdAt(task).isBefore(since);
  }

  static Instant createdAt(JsonNode task) {
    return instant(task.path("CreatedAt").asText(""));
  }

  static Instant instant(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      return Instant.EPOCH;
    }
  }

  /** One line about a task for the operator: "task 2 on node xyz: failed (exit 1: oom)". */
  static String describe(JsonNode task) {
    JsonNode status = task.path("Status");
    StringBuilder b = new StringBuilder("task");
    if (task.has("Slot")) {
      b.append(' ').append(task.path("Slot").asInt());
    }
    b.append(' ').append(task.path("ID").asText("?"), 0, Math.min(12, task.path("ID").asText("?").length()));
    b.append(": ").append(state(task)).append(" (should be ").append(desired(task)).append(')');
    String err = status.path("Err").asText("");
    if (!err.isEmpty()) {
      b.append(": ").append(err);
    } else if (!status.path("Message").asText("").isEmpty()) {
      b.append(": ").append(status.path("Message").asText());
    }
    return b.toString();
  }
}
