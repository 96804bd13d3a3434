package io.crvsbackup.swarm;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Service descriptions for unit tests, as discovery would make them. */
final class Fixtures {
  static final String STACK = "opencrvs";

  private Fixtures() {}

  /** A replicated service of the stack, running all its replicas. */
  static ServiceInfo service(String shortName, int replicas, String... labels) {
    return new ServiceInfo("id-" + shortName, STACK + "_" + shortName, labels(labels), ServiceInfo.Mode.REPLICATED,
        replicas, "any", replicas, replicas);
  }

  static ServiceInfo global(String shortName, String... labels) {
    return new ServiceInfo("id-" + shortName, STACK + "_" + shortName, labels(labels), ServiceInfo.Mode.GLOBAL,
        0, "any", 1, 1);
  }

  static ServiceInfo oneShot(String shortName, String condition, int live, String... labels) {
    return new ServiceInfo("id-" + shortName, STACK + "_" + shortName, labels(labels), ServiceInfo.Mode.REPLICATED,
        1, condition, live, live);
  }

  static Map<String, String> labels(String... kv) {
    Map<String, String> m = new HashMap<>();
    m.put("com.docker.stack.namespace", STACK);
    for (String s : kv) {
      int eq = s.indexOf('=');
      m.put(s.substring(0, eq), s.substring(eq + 1));
    }
    return m;
  }

  static StackServices classify(ServiceInfo... services) throws SwarmException {
    return StackServices.classify(STACK, java.util.List.of(services), Optional.empty());
  }
}
