package io.crvsbackup.cli;

import io.crvsbackup.config.Settings;
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
    VerifyReport report = store.verify(r.set(), line -> ctx.out().println("  " + line));
    if (report.ok()) {
      ctx.out().println(
          "Set " + r.set().label() + " is good: " + report.checked().size() + " files, "
              + Text.size(report.bytes()) + " checked.");
      return ExitCode.OK;
    }
    for (String p : report.problems()) {
      ctx.error(r.set().label() + ": " + p);
    }
    ctx.error("set " + r.set().label() + " FAILED verification: " + report.problems().size() + " problem(s)");
    return ExitCode.FAILED;
  }
}
