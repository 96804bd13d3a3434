package io.crvsbackup.influx;

/** {@link InfluxBench} against a private influxd 1.8 started on free loopback ports. Arguments: binary reps points. */
public final class InfluxBench18 {
  private InfluxBench18() {}

  public static void main(String[] args) throws Exception {
    try (Influxd server = Influxd.start(args[0])) {
      String version = Influxd.run(args[0], "version").trim().split(" ")[1];
      InfluxBench.main(new String[] {server.url, server.rpc, args[0], args[1], args[2],
          "influxd " + version + " (private server)"});
    }
  }
}
