package io.crvsbackup.swarm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the id of the container we run in, from what the container can see of itself. In order:
 *
 * <ol>
 *   <li>{@code /proc/self/mountinfo}: Docker bind-mounts {@code /etc/hostname}, {@code /etc/hosts} and
 *       {@code /etc/resolv.conf} from {@code <data-root>/containers/<id>/}; this works with cgroup v1 and
 *       v2, with any data-root and any {@code hostname:} setting (OpenCRVS sets some);
 *   <li>{@code /proc/self/cgroup}: {@code /docker/<id>} or {@code docker-<id>.scope} on cgroup v1 and
 *       on v2 without a private cgroup namespace (v2 with one shows only {@code 0::/});
 *   <li>the hostname, which is the id's first 12 characters unless the service sets another.
 * </ol>
 *
 * Every candidate is only a candidate: the caller keeps the first one the Docker engine knows.
 */
final class OwnContainerId {
  private static final Pattern MOUNT = Pattern.compile("/containers/([0-9a-f]{64})/(?:hostname|hosts|resolv\\.conf)");
  private static final Pattern CGROUP = Pattern.compile("(?:/docker/|docker-)([0-9a-f]{64})(?:\\.scope)?(?:/|$)");
  private static final Pattern SHORT_ID = Pattern.compile("[0-9a-f]{12}");
  private static final List<String> OWN_MOUNTS = List.of("/etc/hostname", "/etc/hosts", "/etc/resolv.conf");

  private OwnContainerId() {}

  /** A candidate id (full, or 12 characters from the hostname) and where it came from. */
  record Candidate(String id, String source) {
    boolean matches(String fullId) {
      return fullId.startsWith(id);
    }
  }

  /** Candidates from this process's own view of itself. */
  static List<Candidate> ofThisProcess() {
    return candidates(read(Path.of("/proc/self/mountinfo")), read(Path.of("/proc/self/cgroup")), hostname());
  }

  static List<Candidate> candidates(String mountinfo, String cgroup, String hostname) {
    Map<String, Candidate> out = new LinkedHashMap<>();
    for (String line : mountinfo.split("\n")) {
      String[] f = line.split(" ");
      // fields: id parent major:minor root mount-point options ...
      if (f.length > 4 && OWN_MOUNTS.contains(f[4])) {
        Matcher m = MOUNT.matcher(f[3]);
        if (m.find()) {
          out.putIfAbsent(m.group(1), new Candidate(m.group(1), "/proc/self/mountinfo"));
        }
      }
    }
    for (String line : cgroup.split("\n")) {
      Matcher m = CGROUP.matcher(line);
      if (m.find()) {
        out.putIfAbsent(m.group(1), new Candidate(m.group(1), "/proc/self/cgroup"));
      }
    }
    String h = hostname.trim();
    if (SHORT_ID.matcher(h).matches() && out.keySet().stream().noneMatch(id -> id.startsWith(h))) {
      out.put(h, new Candidate(h, "hostname"));
    }
    return new ArrayList<>(out.values());
  }

  private static String hostname() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) {
      return env;
    }
    return read(Path.of("/etc/hostname"));
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  static Optional<String> label(com.fasterxml.jackson.databind.JsonNode container, String name) {
    String v = container.path("Config").path("Labels").path(name).asText("");
    return v.isEmpty() ? Optional.empty() : Optional.of(v);
  }
}
