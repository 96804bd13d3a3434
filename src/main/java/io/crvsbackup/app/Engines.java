package io.crvsbackup.app;

import io.crvsbackup.config.Settings;
import io.crvsbackup.elastic.ElasticEngine;
import io.crvsbackup.job.Endpoints;
import io.crvsbackup.job.Engine;
import io.crvsbackup.mongo.MongoEngine;
import io.crvsbackup.store.Layout;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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
      elastic = new Settings.Elastic(java.util.Optional.of(java.net.URI.create("http://" + endpoints.elasticsearch().get())),
          elastic.indices(), elastic.repository(), elastic.user(), elastic.password());
    }
    engines.add(ElasticEngine.create(elastic, layout, clock));
    return engines;
  }
}
