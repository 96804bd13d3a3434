package io.crvsbackup.cli;

import io.crvsbackup.config.Settings;
import io.crvsbackup.job.Endpoints;
import io.crvsbackup.job.JobListener;
import io.crvsbackup.job.VerifyJob;
import java.util.List;
import io.crvsbackup.store.BackupStore;
import io.crvsbackup.store.Resolution;
import io.crvsbackup.store.VerifyReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code crvs-backup verify <when>}: recompute every checksum of a set and check every file exists. */
@Command(
    name = "verify",
    description = "Check a set offline: every file exists, sizes and sha256 match the manifest;"
        + " imported sets get format checks.")
final class VerifyCommand extends ContextCommand {
  @Parameters(
      index = "0",
      paramLabel = "<when>",
      description = "A date YYYY-MM-DD, a weekday (monday..sunday), latest, or a label.")
  String when;

  VerifyCommand(CliContext ctx) {
    super(ctx);
  }

  @Override
  protected int run() throws Exception {
    Settings settings = ctx.settings();
    BackupStore store = ctx.store(settings, true);
    Resolution r = store.resolve(when);
    r.note().ifPresent(ctx::warn);
    ctx.out().println("Verifying set " + r.set().label() + " (" + r.set().status().word() + ")");
    JobListener lines = new JobListener() {
      @Override
      public void info(String engine, String message) {
        ctx.out().println("  " + message);
      }

      @Override
      public void warning(String engine, String message) {
        ctx.warn(engine + ": " + message);
      }
    };
    VerifyReport report = new VerifyJob(store, ctx.engines().create(settings, Endpoints.none(1)), lines).run(r.set());
    List<String> problems = report.problems();
    if (problems.isEmpty()) {
      ctx.out().println(
          "Set " + r.set().label() + " is good: " + report.checked().size() + " files, "
              + Text.size(report.bytes()) + " checked.");
      return ExitCode.OK;
    }
    for (String p : problems) {
      ctx.error(r.set().label() + ": " + p);
    }
    ctx.error("set " + r.set().label() + " FAILED verification: " + problems.size() + " problem(s)");
    return ExitCode.FAILED;
  }
}
