package io.crvsbackup.app;

import io.crvsbackup.config.Settings;
import io.crvsbackup.elastic.ElasticEngine;
import io.crvsbackup.job.Endpoints;
import io.crvsbackup.job.Engine;
import io.crvsbackup.store.Layout;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** Builds the engines of this build from the configuration, in the order a run takes them. */
final class Engines {
  private Engines() {}

  static List<Engine> create(Settings settings, Endpoints endpoints) {
    Clock clock = Clock.systemDefaultZone();
    Layout layout = new Layout(settings.store().backupDir());
    List<Engine> engines = new ArrayList<>();
    engines.add(ElasticEngine.create(settings.elastic(), layout, clock));
    return engines;
  }
}
