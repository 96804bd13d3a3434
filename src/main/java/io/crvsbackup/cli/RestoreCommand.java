package io.crvsbackup.cli;

import io.crvsbackup.config.Settings;
import io.crvsbackup.job.Engine;
import io.crvsbackup.job.EngineResult;
import io.crvsbackup.job.RestoreJob;
import io.crvsbackup.job.RestorePlan;
import io.crvsbackup.job.RestoreRefusedException;
import io.crvsbackup.store.BackupStore;
import io.crvsbackup.store.BadInputException;
import java.io.Console;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code crvs-backup restore <when> [<replicas>]}: verify a set completely, show the plan, ask, then
 * replace the data. Scaling the stack's services down and back comes with swarm orchestration.
 */
@Command(
    name = "restore",
    description = "Restore a set: verify it completely, show the plan, ask, then replace the data.")
final class RestoreCommand extends ContextCommand {
  @Parameters(index = "0", paramLabel = "<when>",
      description = "A date YYYY-MM-DD, a weekday (monday..sunday), latest, or a label.")
  String when;

  @Parameters(index = "1", arity = "0..1", paramLabel = "<replicas>",
      description = "Members of the Mongo replica set: 1, 3 or 5.")
  Integer replicas;

  @Option(names = "--engines", split = ",", paramLabel = "<engine>",
      description = "Only these engines (default: every engine the set has data for).")
  List<String> only = List.of();

  @Option(names = "--as", paramLabel = "<from>=<to>",
      description = "Restore drill: restore <from> (a database) under the name <to>. Repeatable.")
  Map<String, String> renames = new LinkedHashMap<>();

  @Option(names = "--yes", description = "Confirm without a prompt (required without a terminal).")
  boolean yes;

  @Option(names = "--dry-run", description = "Verify and print the plan; change nothing.")
  boolean dryRun;

  RestoreCommand(CliContext ctx) {
    super(ctx);
  }

  @Override
  protected int run() throws Exception {
    int n = replicas == null ? 1 : replicas;
    if (n != 1 && n != 3 && n != 5) {
      throw new BadInputException("<replicas> must be 1, 3 or 5 (the size of the Mongo replica set rs0), not " + n);
    }
    Settings settings = ctx.settings();
    BackupStore store = ctx.store(settings, true);
    List<Engine> engines = ctx.engines().create(settings, n);
    RestoreJob job = new RestoreJob(store, engines, new ConsoleListener(ctx));
    RestorePlan plan;
    try {
      plan = job.prepare(when, only, renames);
    } catch (RestoreRefusedException e) {
      for (String p : e.problems()) {
        ctx.error(p);
      }
      ctx.error(e.getMessage());
      return ExitCode.FAILED;
    }
    print(store, plan);
    if (dryRun) {
      ctx.out().println("Dry run: nothing was changed.");
      return ExitCode.OK;
    }
    if (!confirmed(plan)) {
      return ExitCode.USAGE;
    }
    RestoreJob.Outcome outcome = job.execute(plan);
    for (Map.Entry<String, EngineResult> e : outcome.restored().entrySet()) {
      ctx.out().println("restored " + e.getKey() + ": " + e.getValue().facts());
    }
    if (outcome.ok()) {
      ctx.out().println("Restore of " + plan.set().label() + " finished: " + outcome.restored().keySet());
      return ExitCode.OK;
    }
    outcome.failed().forEach((engine, why) -> ctx.error("restore " + plan.set().label() + ": " + engine + ": " + why));
    ctx.error("restore of " + plan.set().label() + " FAILED for " + outcome.failed().keySet());
    return ExitCode.FAILED;
  }

  private void print(BackupStore store, RestorePlan plan) {
    var set = plan.set();
    ctx.out().println("Restore plan");
    ctx.out().println("  set:      " + set.label() + " (" + set.status().word() + ", taken "
        + set.created() + ", " + Text.age(Duration.between(set.created(), store.clock().instant())) + " ago)");
    plan.note().ifPresent(n -> ctx.out().println("  note:     " + n));
    ctx.out().println("  verified: " + Text.size(plan.verifiedBytes()) + " read, every check passed");
    for (Engine e : plan.engines()) {
      ctx.out().println("  replace " + e.name() + " data from:");
      for (Path f : plan.files().getOrDefault(e.name(), List.of())) {
        ctx.out().println("      " + store.layout().relative(f) + " (" + Text.size(size(f)) + ")");
      }
    }
    plan.renames().forEach((from, to) -> ctx.out().println("  drill:    " + from + " is restored as " + to));
  }

  private boolean confirmed(RestorePlan plan) {
    if (yes) {
      return true;
    }
    Console console = System.console();
    if (!ctx.interactive() || console == null) {
      ctx.error("restore replaces live data: there is no terminal to ask on, so confirm with --yes;"
          + " nothing was changed");
      return false;
    }
    String typed = console.readLine("Type the label %s to replace the data, anything else to stop: ",
        plan.set().label());
    if (typed != null && typed.trim().equals(plan.set().label().value())) {
      return true;
    }
    ctx.error("not confirmed; nothing was changed");
    return false;
  }

  private static long size(Path f) {
    try {
      return Files.size(f);
    } catch (java.io.IOException e) {
      return 0;
    }
  }
}
