package io.crvsbackup.mongo;

import io.crvsbackup.config.Settings;
import io.crvsbackup.job.Engine;
import java.time.Clock;

/**
 * The MongoDB engine: each database to {@code BACKUP_DIR/mongo/<db>-<label>.gz} in the format of
 * {@code mongodump --gzip --archive}, and back, through the Java driver, with no external binary.
 */
public final class MongoEngine {
  private MongoEngine() {}

  /**
   * The engine for the configured MongoDB.
   *
   * @param settings the Mongo settings: {@code MONGODB_URI} when set is used as it is; otherwise the
   *     replica set {@code rs0} of {@code mongo1..mongoN:27017} with the admin credentials
   *     (authSource {@code admin})
   * @param replicas N, the number of members of the replica set (1, 3 or 5), used without a URI
   * @param clock the clock for durations
   * @throws IllegalArgumentException when the URI does not parse, replicas is below 1, or only one of
   *     the user and the password is set; the message holds no secret
   */
  public static Engine create(Settings.Mongo settings, int replicas, Clock clock) {
    return new DriverEngine(MongoEndpoint.of(settings, replicas), settings, clock, Tuning.DEFAULTS);
  }

  /**
   * The engine for the members the swarm discovered ({@code host:port} each, e.g. {@code mongo1:27017});
   * {@code MONGODB_URI}, when set, still wins.
   */
  public static Engine create(Settings.Mongo settings, java.util.List<String> hosts, Clock clock) {
    return new DriverEngine(MongoEndpoint.of(settings, hosts), settings, clock, Tuning.DEFAULTS);
  }

  /** As {@link #create(Settings.Mongo, int, Clock)}, with knobs for tests. */
  static Engine create(Settings.Mongo settings, int replicas, Clock clock, Tuning tuning) {
    return new DriverEngine(MongoEndpoint.of(settings, replicas), settings, clock, tuning);
  }
}
