package io.crvsbackup.swarm;

import io.crvsbackup.config.Settings.HostPort;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The discovery rules, as a pure function of the services. OpenCRVS names win unless a label says
 * otherwise: {@code <stack>_mongo1..5}, {@code <stack>_elasticsearch}, {@code <stack>_influxdb}; the
 * label {@code crvs-backup.engine=mongo|elasticsearch|influxdb|none} sets the engine, {@code
 * crvs-backup.address=host:port} the address, {@code crvs-backup.keep-running=true} keeps a service up.
 */
final class StackRules {
  static final String ENGINE_LABEL = "crvs-backup.engine";
  static final String ADDRESS_LABEL = "crvs-backup.address";
  static final String RPC_ADDRESS_LABEL = "crvs-backup.rpc-address";
  static final String KEEP_RUNNING_LABEL = "crvs-backup.keep-running";
  static final String NOT_A_DATABASE = "none";
  private static final Pattern MONGO_NAME = Pattern.compile("mongo([1-5])");
  private static final Pattern HOST_PORT = Pattern.compile("([A-Za-z0-9._-]+|\\[[0-9A-Fa-f:.]+]):([0-9]{1,5})");
  private static final Map<String, Integer> PORTS =
      Map.of(DatabaseService.MONGO, 27017, DatabaseService.ELASTICSEARCH, 9200, DatabaseService.INFLUXDB, 8086);
  private static final int INFLUX_RPC_PORT = 8088;

  private StackRules() {}

  static StackServices classify(String stack, List<ServiceInfo> services, Optional<String> selfServiceId)
      throws SwarmException {
    List<String> problems = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    List<StackService> out = new ArrayList<>();
    for (ServiceInfo s : services.stream().sorted(Comparator.comparing(ServiceInfo::name)).toList()) {
      if (selfServiceId.isPresent() && selfServiceId.get().equals(s.id())) {
        out.add(new StackService(s, StackService.Role.SELF, Optional.empty()));
        continue;
      }
      Optional<DatabaseService> db = database(stack, s, problems);
      if (db.isPresent()) {
        out.add(new StackService(s, StackService.Role.DATABASE, db));
      } else if (keepRunning(s, problems)) {
        out.add(new StackService(s, StackService.Role.KEEP_RUNNING, Optional.empty()));
      } else {
        out.add(new StackService(s, StackService.Role.DEPENDENT, Optional.empty()));
      }
    }
    single(out, DatabaseService.ELASTICSEARCH, problems);
    single(out, DatabaseService.INFLUXDB, problems);
    List<StackService> ordered = orderMongo(stack, out, warnings);
    if (!problems.isEmpty()) {
      throw new SwarmException("the services of stack '" + stack + "' cannot be understood ("
          + problems.size() + (problems.size() == 1 ? " problem" : " problems") + "):\n  - "
          + String.join("\n  - ", problems));
    }
    return new StackServices(stack, ordered, warnings);
  }

  private static Optional<DatabaseService> database(String stack, ServiceInfo s, List<String> problems) {
    String shortName = s.shortName(stack);
    String label = s.labels().get(ENGINE_LABEL);
    String engine;
    boolean byLabel = label != null;
    if (byLabel) {
      engine = label.trim().toLowerCase(Locale.ROOT);
      if (engine.equals(NOT_A_DATABASE)) {
        return Optional.empty();
      }
      if (!PORTS.containsKey(engine)) {
        problems.add(s.name() + ": label " + ENGINE_LABEL + "=" + label
            + " is not one of mongo, elasticsearch, influxdb, none");
        return Optional.empty();
      }
    } else if (MONGO_NAME.matcher(shortName).matches()) {
      engine = DatabaseService.MONGO;
    } else if (shortName.equals(DatabaseService.ELASTICSEARCH) || shortName.equals(DatabaseService.INFLUXDB)) {
      engine = shortName;
    } else {
      return Optional.empty();
    }
    HostPort address = address(s, ADDRESS_LABEL, new HostPort(shortName, PORTS.get(engine)), problems);
    Optional<HostPort> rpc = engine.equals(DatabaseService.INFLUXDB)
        ? Optional.of(address(s, RPC_ADDRESS_LABEL, new HostPort(address.host(), INFLUX_RPC_PORT), problems))
        : Optional.empty();
    return Optional.of(new DatabaseService(engine, s.name(), address, rpc, byLabel));
  }

  private static HostPort address(ServiceInfo s, String label, HostPort fallback, List<String> problems) {
    String value = s.labels().get(label);
    if (value == null) {
      return fallback;
    }
    Matcher m = HOST_PORT.matcher(value.trim());
    if (m.matches()) {
      int port = Integer.parseInt(m.group(2));
      if (port >= 1 && port <= 65535) {
        return new HostPort(m.group(1), port);
      }
    }
    problems.add(s.name() + ": label " + label + "=" + value + " is not host:port (for example mongo1:27017)");
    return fallback;
  }

  private static boolean keepRunning(ServiceInfo s, List<String> problems) {
    String value = s.labels().get(KEEP_RUNNING_LABEL);
    if (value == null || value.trim().equalsIgnoreCase("false")) {
      return false;
    }
    if (value.trim().equalsIgnoreCase("true")) {
      return true;
    }
    problems.add(s.name() + ": label " + KEEP_RUNNING_LABEL + "=" + value + " is neither true nor false");
    return false;
  }

  private static void single(List<StackService> services, String engine, List<String> problems) {
    List<String> names = services.stream()
        .filter(s -> s.database().map(d -> d.engine().equals(engine)).orElse(false))
        .map(s -> s.info().name())
        .toList();
    if (names.size() > 1) {
      problems.add(engine + " runs as a single node in OpenCRVS, but " + names.size() + " services are " + engine
          + ": " + String.join(", ", names) + "; label the others " + ENGINE_LABEL + "=" + NOT_A_DATABASE);
    }
  }

  /** Puts mongo1..mongo5 first, in number order, then labelled members by name; warns about gaps. */
  private static List<StackService> orderMongo(String stack, List<StackService> services, List<String> warnings) {
    Map<Integer, StackService> numbered = new TreeMap<>();
    List<StackService> others = new ArrayList<>();
    List<StackService> rest = new ArrayList<>();
    for (StackService s : services) {
      boolean mongo = s.database().map(d -> d.engine().equals(DatabaseService.MONGO)).orElse(false);
      if (!mongo) {
        rest.add(s);
        continue;
      }
      Matcher m = MONGO_NAME.matcher(s.info().shortName(stack));
      if (m.matches()) {
        numbered.put(Integer.parseInt(m.group(1)), s);
      } else {
        others.add(s);
      }
    }
    int expected = 1;
    for (int n : numbered.keySet()) {
      if (n != expected) {
        warnings.add("the MongoDB services are not numbered mongo1..mongoN without gaps: found "
            + numbered.keySet() + "; the replica set is taken to be the services found");
        break;
      }
      expected++;
    }
    Map<String, StackService> inOrder = new LinkedHashMap<>();
    numbered.values().forEach(s -> inOrder.put(s.info().id(), s));
    others.forEach(s -> inOrder.put(s.info().id(), s));
    List<StackService> result = new ArrayList<>(inOrder.values());
    result.addAll(rest);
    result.sort(Comparator.comparingInt((StackService s) -> s.role().ordinal()));
    return result;
  }
}
