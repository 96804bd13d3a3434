package io.crvsbackup.app;

import io.crvsbackup.config.Settings;
import io.crvsbackup.job.Engine;
import java.util.ArrayList;
import java.util.List;

/** Builds the engines of this build from the configuration. */
final class Engines {
  private Engines() {}

  static List<Engine> create(Settings settings, int mongoReplicas) {
    List<Engine> engines = new ArrayList<>();
    return engines;
  }
}
