package io.crvsbackup.swarm;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Waits by listing tasks, never by trusting a service's update status (which says "completed" before
 * the containers have stopped). One request lists the tasks of every service waited for.
 */
final class TaskWatch {
  private static final Duration REPORT_EVERY = Duration.ofSeconds(15);
  private final DockerApi api;

  TaskWatch(DockerApi api) {
    this.api = api;
  }

  /** The tasks of these services, by service id (services without tasks map to an empty list). */
  Map<String, List<JsonNode>> tasksOf(Collection<String> serviceIds) throws SwarmException {
    Map<String, List<JsonNode>> out = new HashMap<>();
    serviceIds.forEach(id -> out.put(id, new ArrayList<>()));
    if (serviceIds.isEmpty()) {
      return out;
    }
    JsonNode tasks = api.get("/tasks?" + DockerApi.filters(Map.of("service", serviceIds)), "list the tasks");
    for (JsonNode t : tasks) {
      List<JsonNode> list = out.get(t.path("ServiceID").asText());
      if (list != null) {
        list.add(t);
      }
    }
    return out;
  }

  /**
   * Waits until no task of these services is live (every container has stopped).
   *
   * @param names service id to name
   * @return the services that still had live tasks at the deadline, id to a description; empty when done
   */
  Map<String, String> awaitGone(Map<String, String> names, Duration timeout, Duration poll, SwarmProgress progress)
      throws InterruptedException {
    Deadline deadline = new Deadline(timeout, progress);
    Map<String, String> waiting = new LinkedHashMap<>();
    names.forEach((id, name) -> waiting.put(id, "not checked yet"));
    while (true) {
      try {
        Map<String, List<JsonNode>> tasks = tasksOf(waiting.keySet());
        for (var e : tasks.entrySet()) {
          List<JsonNode> live = e.getValue().stream().filter(Tasks::live).toList();
          if (live.isEmpty()) {
            waiting.remove(e.getKey());
            progress.info(names.get(e.getKey()) + ": every task has stopped");
          } else {
            waiting.put(e.getKey(), live.size() + " task(s) still live: "
                + live.stream().map(Tasks::describe).collect(Collectors.joining("; ")));
          }
        }
      } catch (SwarmException e) {
        waiting.replaceAll((id, d) -> "cannot list its tasks: " + e.getMessage());
      }
      if (waiting.isEmpty() || deadline.passed()) {
        return named(waiting, names);
      }
      deadline.report(() -> "waiting for the tasks of " + waiting.size() + " service(s) to stop: "
          + waiting.keySet().stream().map(names::get).collect(Collectors.joining(", ")));
      Thread.sleep(poll.toMillis());
    }
  }

  /** A service to bring to its replicas; one-shot services also count tasks completed since {@code since}. */
  record Target(String id, String name, int replicas, boolean oneShot, Instant since) {}

  /**
   * Waits until every target runs exactly its replicas, none of its tasks is still starting, and this has
   * held with the same tasks for {@code stableFor}.
   *
   * @return the final state of every target, in order
   */
  List<ServiceState> awaitConverged(List<Target> targets, Duration timeout, Duration stableFor, Duration poll,
      SwarmProgress progress) throws InterruptedException {
    Deadline deadline = new Deadline(timeout, progress);
    Map<String, ServiceState> done = new HashMap<>();
    Map<String, ServiceState> last = new HashMap<>();
    Map<String, Stable> stable = new HashMap<>();
    while (true) {
      List<Target> open = targets.stream().filter(t -> !done.containsKey(t.id())).toList();
      try {
        Map<String, List<JsonNode>> tasks = tasksOf(open.stream().map(Target::id).toList());
        long now = System.nanoTime();
        for (Target t : open) {
          Check c = check(t, tasks.get(t.id()));
          last.put(t.id(), c.state());
          Stable s = stable.get(t.id());
          if (!c.state().ok()) {
            stable.remove(t.id());
          } else if (s == null || !s.tasks().equals(c.tasks())) {
            stable.put(t.id(), s = new Stable(c.tasks(), now));
          }
          if (c.state().ok() && now - s.since() >= stableFor.toNanos()) {
            done.put(t.id(), c.state());
            progress.info(t.name() + ": " + c.state().detail());
          } else if (c.state().ok()) {
            last.put(t.id(), notYet(c.state(), Duration.ofNanos(now - s.since()), stableFor));
          }
        }
      } catch (SwarmException e) {
        open.forEach(t -> last.put(t.id(), new ServiceState(t.id(), t.name(), t.replicas(), 0, false,
            "cannot list its tasks: " + e.getMessage())));
      }
      if (done.size() == targets.size() || deadline.passed()) {
        return targets.stream().map(t -> done.getOrDefault(t.id(), late(last.get(t.id()), timeout))).toList();
      }
      deadline.report(() -> "waiting for " + (targets.size() - done.size()) + " service(s) to run their replicas: "
          + targets.stream().filter(t -> !done.containsKey(t.id()))
              .map(t -> last.get(t.id()).toString()).collect(Collectors.joining("; ")));
      Thread.sleep(poll.toMillis());
    }
  }

  /** The tasks that made a service converged, and since when (this JVM's clock). */
  private record Stable(Set<String> tasks, long since) {}

  /** A service's state now, and the ids of the tasks that count for it. */
  record Check(ServiceState state, Set<String> tasks) {}

  static Check check(Target t, List<JsonNode> tasks) {
    Set<String> counted = new TreeSet<>();
    int running = 0;
    int completed = 0;
    for (JsonNode x : tasks) {
      if (Tasks.running(x)) {
        running++;
        counted.add(x.path("ID").asText());
      } else if (t.oneShot() && Tasks.completedSince(x, t.since())) {
        completed++;
        counted.add(x.path("ID").asText());
      }
    }
    boolean starting = tasks.stream().anyMatch(Tasks::starting);
    long live = tasks.stream().filter(Tasks::live).count();
    boolean ok = t.replicas() == 0 ? live == 0 : running + completed == t.replicas() && !starting;
    StringBuilder d = new StringBuilder().append(running).append('/').append(t.replicas()).append(" running");
    if (completed > 0) {
      d.append(", ").append(completed).append(" completed");
    }
    if (!ok) {
      List<String> trouble = tasks.stream()
          .filter(x -> Tasks.starting(x) || (!Tasks.running(x) && !Tasks.createdAt(x).isBefore(t.since())
              && !Tasks.state(x).equals("shutdown")))
          .map(Tasks::describe).limit(3).toList();
      if (!trouble.isEmpty()) {
        d.append(": ").append(String.join("; ", trouble));
      }
    }
    return new Check(new ServiceState(t.id(), t.name(), t.replicas(), running, ok, d.toString()), counted);
  }

  private static ServiceState notYet(ServiceState s, Duration sofar, Duration stableFor) {
    return new ServiceState(s.id(), s.name(), s.replicas(), s.running(), false, s.detail() + " for "
        + sofar.toMillis() / 1000.0 + " s, not yet the " + stableFor.toSeconds() + " s that count as stable");
  }

  private static ServiceState late(ServiceState s, Duration timeout) {
    return new ServiceState(s.id(), s.name(), s.replicas(), s.running(), false,
        "not converged after " + timeout.toSeconds() + " s: " + s.detail());
  }

  private static Map<String, String> named(Map<String, String> byId, Map<String, String> names) {
    Map<String, String> out = new LinkedHashMap<>();
    byId.forEach((id, d) -> out.put(id, names.get(id) + ": " + d));
    return out;
  }

  /** A deadline that also says, now and then, what is being waited for. */
  private static final class Deadline {
    private final long end;
    private final SwarmProgress progress;
    private long nextReport;

    Deadline(Duration timeout, SwarmProgress progress) {
      long now = System.nanoTime();
      this.end = now + timeout.toNanos();
      this.nextReport = now + REPORT_EVERY.toNanos();
      this.progress = progress;
    }

    boolean passed() {
      return System.nanoTime() - end >= 0;
    }

    void report(java.util.function.Supplier<String> message) {
      long now = System.nanoTime();
      if (now - nextReport >= 0) {
        progress.info(message.get());
        nextReport = now + REPORT_EVERY.toNanos();
      }
    }
  }
}
