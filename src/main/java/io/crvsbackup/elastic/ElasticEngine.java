package io.crvsbackup.elastic;

import io.crvsbackup.config.Settings;
import io.crvsbackup.job.Engine;
import io.crvsbackup.store.Layout;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * Builds the Elasticsearch engine. It talks to Elasticsearch 7.17 and 8.x through the official 8.x Java
 * client: 7.17 accepts the client's {@code compatible-with=8} media types and answers plain JSON with the
 * {@code X-Elastic-Product} header the client checks (servers older than 7.14 lack it and are refused with
 * a message that says so).
 */
public final class ElasticEngine {
  private ElasticEngine() {}

  /**
   * The engine for these settings.
   *
   * @param settings the server (default {@code http://elasticsearch:9200}), credentials, indices and
   *     repository name
   * @param layout the store's layout: the repository is {@link Layout#elasticRepository()}, registered
   *     under that path; {@code verifyOffline} and {@code forget} get no layout of their own
   * @param clock for deadlines while waiting on the server
   */
  public static Engine create(Settings.Elastic settings, Layout layout, Clock clock) {
    Connection connection = Connection.of(settings);
    return create(connection, settings, layout, connection::open, clock, Poll.THREAD_SLEEP, Timeouts.DEFAULT);
  }

  static Engine create(Connection connection, Settings.Elastic settings, Layout layout, Supplier<Cluster> opener,
      Clock clock, Poll.Sleeper sleeper, Timeouts timeouts) {
    return new SnapshotEngine(connection, settings.indices(), settings.repository(), layout, opener, clock, sleeper,
        timeouts);
  }
}
