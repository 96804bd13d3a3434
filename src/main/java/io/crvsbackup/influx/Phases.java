package io.crvsbackup.influx;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** Wall time spent per phase of a backup or restore, for the manifest and the benchmark. */
final class Phases {
  private final Map<String, Long> millis = new LinkedHashMap<>();
  private long mark = System.nanoTime();

  /** Adds the time since the previous mark to {@code phase}. */
  void done(String phase) {
    long now = System.nanoTime();
    millis.merge(phase, (now - mark) / 1_000_000, Long::sum);
    mark = now;
  }

  ObjectNode toJson() {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    millis.forEach(n::put);
    return n;
  }
}
