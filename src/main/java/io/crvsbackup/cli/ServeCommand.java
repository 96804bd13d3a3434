package io.crvsbackup.cli;

import io.crvsbackup.config.Settings;
import io.crvsbackup.daemon.Daemon;
import io.crvsbackup.job.BackupJob;
import io.crvsbackup.job.OffsitePush;
import io.crvsbackup.job.Discovery;
import io.crvsbackup.job.RestoreFlow;
import io.crvsbackup.job.JobListener;
import io.crvsbackup.job.OrchestrationException;
import io.crvsbackup.job.RestorePlan;
import io.crvsbackup.job.StackControl;
import io.crvsbackup.store.BadInputException;
import io.crvsbackup.store.BackupStore;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;

/**
 * {@code crvs-backup serve}: the sidecar's default command. Backs up on {@code BACKUP_SCHEDULE}, answers
 * {@code /health}, {@code /metrics} and {@code /status} on {@code HTTP_PORT}, notifies {@code
 * NOTIFY_WEBHOOK_URL}, and on SIGTERM lets a running backup finish for {@code SHUTDOWN_GRACE_SECONDS}.
 * Returns only when stopped; a bad configuration or {@code BACKUP_DIR} exits 2 before anything starts.
 */
@Command(name = "serve", description = {
    "Run as the stack's backup sidecar: back up on BACKUP_SCHEDULE (in TZ), serve /health, /metrics and",
    "/status on HTTP_PORT, notify NOTIFY_WEBHOOK_URL. At start-up, finishes a restore that did not."})
final class ServeCommand extends ContextCommand {
  ServeCommand(CliContext ctx) {
    super(ctx);
  }

  @Override
  protected int run() throws Exception {
    Settings settings = ctx.settings();
    BackupStore store = ctx.store(settings, true);
    requireSwarmManager(settings);
    Daemon.Backups backups = listener -> new BackupJob(store,
        ctx.engines().create(settings, Discovery.endpoints(settings, listener)),
        settings.store().retentionDays(), Cli.version(), listener)
        .withOffsite(OffsitePush.of(settings, store)).run(Optional.empty());
    Daemon.Recovery recovery = listener -> new RestoreFlow(store, settings,
        endpoints -> ctx.engines().create(settings, endpoints), listener)
        .resume(new RestoreFlow.Operator() {
          @Override
          public void show(RestorePlan plan, List<String> stack) {
            stack.forEach(line -> listener.info("restore", line));
          }

          @Override
          public boolean confirm(RestorePlan plan) {
            return true;
          }
        })
        .map(o -> (o.ok() ? "the restore was finished" : "the restore ran with failures (see above)")
            + "; services: " + (o.services().isEmpty() ? "none were scaled" : String.join(", ", o.services())))
        .orElse("nothing was left to do");
    String host = Optional.ofNullable(ctx.env().apply("HOSTNAME")).orElse("crvs-backup");
    Daemon daemon = Daemon.start(new Daemon.Setup(settings, store, ctx.clock(), ctx.out(),
        new InetSocketAddress(settings.daemon().httpPort()), ctx.env(), host, Cli.version()), backups, recovery);
    Runtime.getRuntime().addShutdownHook(new Thread(daemon::shutdown, "crvs-backup-shutdown"));
    daemon.awaitStopped();
    return ExitCode.OK;
  }

  /**
   * The sidecar scales the stack around a restore and finishes an interrupted one at start-up, which only
   * a swarm manager's Docker API allows. Without the socket, or on a worker node, serve refuses to start
   * (exit 2, with what to change) rather than run as a sidecar that cannot restore; the stack itself is
   * not touched.
   */
  private static void requireSwarmManager(Settings settings) throws BadInputException {
    try (StackControl control = StackControl.connect(settings, JobListener.NONE)) {
      // connecting checks the socket and that the engine is an active swarm manager
    } catch (OrchestrationException e) {
      throw new BadInputException("serve cannot run as the stack's sidecar: " + e.getMessage());
    }
  }
}
