package io.crvsbackup.app;

import io.crvsbackup.config.Settings;
import io.crvsbackup.elastic.ElasticEngine;
import io.crvsbackup.job.Endpoints;
import io.crvsbackup.job.Engine;
import io.crvsbackup.influx.InfluxEngine;
import io.crvsbackup.mongo.MongoEngine;
import io.crvsbackup.store.Layout;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Builds the engines of this build from the configuration and what the swarm discovered, in the order a
 * run takes them. Explicit configuration always wins over discovery.
 */
final class Engines {
  private Engines() {}

  static List<Engine> create(Settings settings, Endpoints endpoints) {
    Clock clock = Clock.systemDefaultZone();
    Layout layout = new Layout(settings.store().backupDir());
    List<Engine> engines = new ArrayList<>();
    engines.add(endpoints.mongoSeedList()
        .map(seeds -> MongoEngine.create(settings.mongo(), Arrays.asList(seeds.split(",")), clock))
        .orElseGet(() -> MongoEngine.create(settings.mongo(), endpoints.mongoReplicas(), clock)));
    Settings.Elastic elastic = settings.elastic();
    if (elastic.url().isEmpty() && endpoints.elasticsearch().isPresent()) {
      elastic = new Settings.Elastic(Optional.of(URI.create("http://" + endpoints.elasticsearch().get())),
          elastic.indices(), elastic.repository(), elastic.user(), elastic.password());
    }
    engines.add(ElasticEngine.create(elastic, layout, clock));
    Settings.Influx influx = settings.influx();
    if (influx.url().isEmpty() && endpoints.influxdb().isPresent()) {
      influx = new Settings.Influx(Optional.of(URI.create("http://" + endpoints.influxdb().get())),
          influx.rpcAddress(), influx.databases());
    }
    if (influx.rpcAddress().isEmpty() && endpoints.influxdbRpc().isPresent()) {
      String rpc = endpoints.influxdbRpc().get();
      int colon = rpc.lastIndexOf(':');
      influx = new Settings.Influx(influx.url(), Optional.of(new Settings.HostPort(rpc.substring(0, colon),
          Integer.parseInt(rpc.substring(colon + 1)))), influx.databases());
    }
    engines.add(InfluxEngine.create(influx, clock));
    return engines;
  }
}
