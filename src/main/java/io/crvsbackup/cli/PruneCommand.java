package io.crvsbackup.cli;

import io.crvsbackup.config.Settings;
import io.crvsbackup.job.Endpoints;
import io.crvsbackup.job.PruneJob;
import io.crvsbackup.store.BackupStore;
import io.crvsbackup.store.StoreLock;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code crvs-backup prune [--dry-run]}: apply BACKUP_RETENTION_DAYS. */
@Command(
    name = "prune",
    description = "Delete the sets older than BACKUP_RETENTION_DAYS, never the newest complete one,"
        + " and nothing while the newest run has failed.")
final class PruneCommand extends ContextCommand {
  @Option(names = "--dry-run", description = "Show what would be deleted and delete nothing.")
  boolean dryRun;

  PruneCommand(CliContext ctx) {
    super(ctx);
  }

  @Override
  protected int run() throws Exception {
    Settings settings = ctx.settings();
    int days = settings.store().retentionDays();
    BackupStore store = ctx.store(settings, !dryRun);
    if (dryRun) {
      report(store, store.planPrune(days), true);
      return ExitCode.OK;
    }
    try (StoreLock lock = store.lock("prune", ctx::warn)) {
      List<BackupStore.PruneItem> plan = store.planPrune(days);
      report(store, plan, false);
      PruneJob.Outcome outcome =
          new PruneJob(store, ctx.engines().create(settings, Endpoints.none(1)), new ConsoleListener(ctx)).run(plan);
      for (String p : outcome.postponed()) {
        ctx.error("prune: " + p);
      }
      return outcome.postponed().isEmpty() ? ExitCode.OK : ExitCode.FAILED;
    }
  }

  private void report(BackupStore store, List<BackupStore.PruneItem> plan, boolean dry) {
    long going = plan.stream().filter(i -> !i.decision().keep()).count();
    ctx.out().println(
        (dry ? "Dry run: " : "") + "retention keeps " + (plan.size() - going) + " set(s) and "
            + (dry ? "would delete " : "deletes ") + going + ".");
    for (BackupStore.PruneItem item : plan) {
      var d = item.decision();
      ctx.out().printf(
          "  %-6s %-24s %-10s %s%n",
          d.keep() ? "keep" : (dry ? "WOULD DELETE" : "delete"),
          d.set().label(),
          d.set().status().word(),
          d.reason());
      for (Path f : item.files()) {
        ctx.out().println("           " + store.layout().relative(f));
      }
    }
  }
}
