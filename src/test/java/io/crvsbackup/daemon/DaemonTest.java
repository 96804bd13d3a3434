package io.crvsbackup.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.crvsbackup.config.ConfigLoader;
import io.crvsbackup.config.Settings;
import io.crvsbackup.job.BackupJob;
import io.crvsbackup.job.RestoreFlow;
import io.crvsbackup.job.RestoreJournal;
import io.crvsbackup.store.BackupStore;
import io.crvsbackup.store.StoreFixture;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** serve as a whole on a real BACKUP_DIR: start-up, the endpoints, a restore journal, and shutdown. */
class DaemonTest {
  @TempDir Path tmp;
  private StoreFixture fx;
  private final Map<String, String> env = new HashMap<>();
  private final StringWriter logged = new StringWriter();
  private final TestClock clock = new TestClock(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);
  private final AtomicInteger backups = new AtomicInteger();
  private Daemon daemon;

  @BeforeEach
  void setUp() throws Exception {
    fx = new StoreFixture(tmp.resolve("backups"));
    env.put("BACKUP_DIR", fx.root().toString());
    env.put("MONGODB_ADMIN_PASSWORD", "hunter2-secret");
    env.put("MONGODB_ADMIN_USER", "admin");
  }

  @AfterEach
  void stop() {
    if (daemon != null) {
      daemon.shutdown();
    }
  }

  /** A waiter that never returns until interrupted: the scheduler never fires by itself. */
  private static final Scheduler.Waiter NEVER = t -> Thread.sleep(Long.MAX_VALUE);

  private Daemon start(Daemon.Backups b, Daemon.Recovery r, Scheduler.Waiter waiter) throws Exception {
    Settings settings = ConfigLoader.load(env);
    BackupStore store = BackupStore.open(fx.root(), clock, true);
    daemon = Daemon.start(new Daemon.Setup(settings, store, clock, new PrintWriter(logged),
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), env::get, "manager-1", "test"), b, r, waiter);
    return daemon;
  }

  private Daemon start() throws Exception {
    return start(l -> {
      backups.incrementAndGet();
      return new BackupJob.Outcome(Runs.manifest("2026-11-25", clock.instant()), 0);
    }, l -> "nothing", NEVER);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aRecentCompleteSetOnDiskIsHealthyRightAfterStartUp() throws Exception {
    fx.completeSet("2026-11-25", "hearth-dev");
    start();

    HttpResponse<String> r = get("/health");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(Runs.JSON.readTree(r.body()).path("lastSuccessLabel").asText()).isEqualTo("2026-11-25");
  }

  @Test
  void noSetAtAllIsHealthyUntilTheFirstRunHadItsTimeThenUnhealthyWithAClearReason() throws Exception {
    start();
    assertThat(get("/health").statusCode()).as("a new install before its first scheduled run").isEqualTo(200);

    clock.advance(Duration.ofHours(19)); // past the first run at 00:00 plus the 6 h run limit
    HttpResponse<String> r = get("/health");

    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
    JsonNode body = Runs.JSON.readTree(r.body());
    assertThat(body.path("status").asText()).isEqualTo("unhealthy");
    assertThat(body.path("reasons").toString()).contains("there is no complete backup set yet");
  }

  @Test
  void anOldSetOrAFailedNewestRunIsUnhealthy() throws Exception {
    fx.completeSet("2026-11-22", "hearth-dev");
    fx.failedSet("2026-11-24", "hearth-dev");
    start();

    JsonNode body = Runs.JSON.readTree(get("/health").body());

    assertThat(body.path("reasons").toString()).contains("the last backup run (2026-11-24").contains("the run due at");
  }

  @Test
  void aRunShowsInMetricsAndStatus() throws Exception {
    start();

    daemon.runNow("test");

    assertThat(backups).hasValue(1);
    assertThat(get("/health").statusCode()).isEqualTo(200);
    HttpResponse<String> metrics = get("/metrics");
    assertThat(metrics.headers().firstValue("Content-Type")).contains(Metrics.CONTENT_TYPE);
    assertThat(MetricsTest.parse(metrics.body()))
        .containsEntry("crvs_backup_database_documents{engine=mongo,database=hearth-dev}", 10.0)
        .containsEntry("crvs_backup_offsite_push_state{state=disabled}", 1.0);
    JsonNode status = Runs.JSON.readTree(get("/status").body());
    assertThat(status.path("lastRun").path("ok").asBoolean()).isTrue();
    assertThat(status.path("nextRun").asText()).isEqualTo("2026-11-26T00:00:00Z");
    assertThat(get("/nothing").statusCode()).isEqualTo(404);
    assertThat(get("/health/x").statusCode()).isEqualTo(404);
  }

  @Test
  void theConfigurationIsLoggedWithSecretsMasked() throws Exception {
    start();

    assertThat(logged.toString()).contains("config: MONGODB_ADMIN_PASSWORD=******").contains("config: MONGODB_ADMIN_USER=admin")
        .doesNotContain("hunter2");
  }

  private void journal(long pid) throws Exception {
    Files.writeString(RestoreJournal.path(fx.layout()), "{\"label\":\"2026-11-20\",\"engines\":[\"mongo\"],"
        + "\"renames\":{},\"replicas\":1,\"started\":\"2026-11-25T11:00:00Z\",\"pid\":" + pid + ",\"phase\":\"restoring\"}");
  }

  @Test
  void aJournalThatCannotBeFinishedIsLoudAndKeepsServeUnhealthy() throws Exception {
    fx.completeSet("2026-11-25", "hearth-dev");
    journal(Integer.MAX_VALUE - 1);

    start(l -> null, l -> new RestoreFlow(BackupStore.open(fx.root(), clock, true), ConfigLoader.load(env),
        endpoints -> List.of(), l).resume(new RestoreFlow.Operator() {
          @Override
          public void show(io.crvsbackup.job.RestorePlan plan, List<String> stack) {}

          @Override
          public boolean confirm(io.crvsbackup.job.RestorePlan plan) {
            return true;
          }
        }).map(Object::toString).orElse("nothing"), NEVER);

    assertThat(logged.toString()).containsPattern("(?m)^ERROR .* restore: !!! RESTORE JOURNAL FOUND: .*restore-journal.json")
        .containsPattern("(?m)^ERROR .* restore: !!! could not finish the unfinished restore: .*run 'restore --resume'");
    HttpResponse<String> r = get("/health");
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.body()).contains("a restore did not finish (restore of 2026-11-20").contains("its process is gone");
  }

  @Test
  void aJournalThatIsDealtWithLeavesServeHealthy() throws Exception {
    fx.completeSet("2026-11-25", "hearth-dev");
    journal(Integer.MAX_VALUE - 1);

    start(l -> null, l -> {
      Files.delete(RestoreJournal.path(fx.layout()));
      return "services: opencrvs_gateway 0 -> 3";
    }, NEVER);

    assertThat(logged.toString()).contains("RESTORE JOURNAL FOUND")
        .contains("!!! the unfinished restore was dealt with: services: opencrvs_gateway 0 -> 3 !!!");
    assertThat(get("/health").statusCode()).isEqualTo(200);
  }

  @Test
  void aRestoreInProgressIsNotAFault() throws Exception {
    fx.completeSet("2026-11-25", "hearth-dev");
    start();
    journal(ProcessHandle.current().parent().orElseThrow().pid());

    assertThat(get("/health").statusCode()).isEqualTo(200);
  }

  private interface Pause {
    void run() throws InterruptedException;
  }

  private static void pause(Pause p) {
    try {
      p.run();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A waiter that fires once at once, then waits for ever. */
  private Scheduler.Waiter fireOnce() {
    AtomicInteger calls = new AtomicInteger();
    return t -> {
      if (calls.getAndIncrement() > 0) {
        Thread.sleep(Long.MAX_VALUE);
      }
    };
  }

  @Test
  void shutdownLetsARunningBackupFinishWithinTheGrace() throws Exception {
    env.put("SHUTDOWN_GRACE_SECONDS", "20");
    CountDownLatch inside = new CountDownLatch(1);
    start(l -> {
      inside.countDown();
      pause(() -> Thread.sleep(300));
      return new BackupJob.Outcome(Runs.manifest("2026-11-25", clock.instant()), 0);
    }, l -> "nothing", fireOnce());
    assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();

    daemon.shutdown();

    assertThat(logged.toString()).contains("it may go on for up to 20 s").contains("set 2026-11-25 is complete")
        .doesNotContain("abandoned");
  }

  @Test
  void shutdownAbandonsABackupThatOutlastsTheGrace() throws Exception {
    env.put("SHUTDOWN_GRACE_SECONDS", "0");
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    start(l -> {
      inside.countDown();
      pause(() -> never.await(1, TimeUnit.SECONDS));
      throw new io.crvsbackup.store.StoreException("interrupted");
    }, l -> "nothing", fireOnce());
    assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();

    daemon.shutdown();

    assertThat(logged.toString()).containsPattern("(?m)^ERROR .* backup: stopping: the running backup did not finish"
        + " within SHUTDOWN_GRACE_SECONDS \\(0 s\\) and is abandoned; its set stays INCOMPLETE");
  }
}
