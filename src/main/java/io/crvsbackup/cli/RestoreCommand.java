package io.crvsbackup.cli;

import io.crvsbackup.config.Settings;
import io.crvsbackup.job.Engine;
import io.crvsbackup.job.EngineResult;
import io.crvsbackup.job.OffsitePull;
import io.crvsbackup.job.OrchestrationException;
import io.crvsbackup.job.RestoreFlow;
import io.crvsbackup.job.RestorePlan;
import io.crvsbackup.job.RestoreRefusedException;
import io.crvsbackup.job.ServicesNotBackException;
import io.crvsbackup.store.BackupStore;
import io.crvsbackup.store.BadInputException;
import java.io.Console;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code crvs-backup restore <when> [<replicas>]}: verify a set completely, show the plan (the set, what
 * each engine replaces, every dependent service going to 0), ask, scale the stack's dependents to 0,
 * replace the data, and bring the services back whatever happens.
 */
@Command(
    name = "restore",
    description = "Restore a set: verify it, show the plan, ask, scale the stack's services to 0,"
        + " replace the data, bring the services back.")
final class RestoreCommand extends ContextCommand {
  @Parameters(index = "0", arity = "0..1", paramLabel = "<when>",
      description = "A date YYYY-MM-DD, a weekday (monday..sunday), latest, or a label.")
  String when;

  @Parameters(index = "1", arity = "0..1", paramLabel = "<replicas>",
      description = "Members of the Mongo replica set: 1, 3 or 5 (default: discovered).")
  Integer replicas;

  @Option(names = "--engines", split = ",", paramLabel = "<engine>",
      description = "Only these engines (default: every engine the set has data for).")
  List<String> only = List.of();

  @Option(names = "--as", paramLabel = "<from>=<to>",
      description = "Restore drill: restore <from> (a Mongo or InfluxDB database, an Elasticsearch index"
          + " pattern) under the name <to>. Repeatable.")
  Map<String, String> renames = new LinkedHashMap<>();

  @Option(names = "--yes", description = "Confirm without a prompt (required without a terminal).")
  boolean yes;

  @Option(names = "--dry-run", description = "Verify and print the plan; change nothing.")
  boolean dryRun;

  @Option(names = "--force", description = "Go ahead although <replicas> differs from the stack, or a"
      + " service runs in global mode (it is left running).")
  boolean force;

  @Option(names = "--no-scale", description = "Do not scale services (no Docker socket, or you stopped"
      + " them yourself).")
  boolean noScale;

  @Option(names = "--resume", description = "Finish a restore that was interrupted, from its journal.")
  boolean resume;

  RestoreCommand(CliContext ctx) {
    super(ctx);
  }

  @Override
  protected int run() throws Exception {
    if (replicas != null && replicas != 1 && replicas != 3 && replicas != 5) {
      throw new BadInputException("<replicas> must be 1, 3 or 5 (the size of the Mongo replica set rs0), not "
          + replicas);
    }
    if (!resume && when == null) {
      throw new BadInputException("Missing required parameter: '<when>' (a date YYYY-MM-DD, a weekday, latest or a"
          + " label; or --resume to finish an interrupted restore)");
    }
    Settings settings = ctx.settings();
    BackupStore store = ctx.store(settings, true);
    RestoreFlow flow = new RestoreFlow(store, settings, endpoints -> ctx.engines().create(settings, endpoints),
        new ConsoleListener(ctx));
    Operator operator = new Operator(store);
    ConsoleListener pullListener = new ConsoleListener(ctx);
    try {
      if (!resume) {
        when = OffsitePull.ensureLocal(settings, store, when, pullListener);
      }
      if (resume) {
        Optional<RestoreFlow.Outcome> out = flow.resume(operator);
        if (out.isEmpty()) {
          ctx.out().println("Nothing to resume: no restore journal in " + store.layout().root() + ".");
          return ExitCode.OK;
        }
        return report(out.get());
      }
      RestoreFlow.Request request = new RestoreFlow.Request(when,
          replicas == null ? OptionalInt.empty() : OptionalInt.of(replicas), only, renames, force, noScale, dryRun);
      RestoreFlow.Outcome out = flow.run(request, operator);
      if (dryRun) {
        ctx.out().println("Dry run: nothing was changed.");
        return ExitCode.OK;
      }
      return report(out);
    } catch (RestoreRefusedException e) {
      for (String p : e.problems()) {
        ctx.error(p);
      }
      ctx.error(e.getMessage());
      return ExitCode.FAILED;
    } catch (OrchestrationException e) {
      ctx.error(e.getMessage());
      ctx.error("restore stopped: no data was touched, and every service is as it was");
      return ExitCode.FAILED;
    } catch (io.crvsbackup.offsite.OffsiteException e) {
      ctx.error("cannot bring the set from the backup server: " + e.getMessage() + "; nothing was touched");
      return e.badInput() ? ExitCode.USAGE : ExitCode.FAILED;
    } catch (ServicesNotBackException e) {
      e.states().forEach(s -> ctx.error("service " + s));
      ctx.error(e.getMessage() + "; the journal is kept: run 'restore --resume' to bring them back");
      return ExitCode.SERVICES_DOWN;
    }
  }

  private int report(RestoreFlow.Outcome out) {
    var outcome = out.engines().orElseThrow();
    for (Map.Entry<String, EngineResult> e : outcome.restored().entrySet()) {
      ctx.out().println("restored " + e.getKey() + ": " + e.getValue().facts());
    }
    out.services().forEach(s -> ctx.out().println("service " + s));
    String label = out.plan().set().label().value();
    if (outcome.ok()) {
      ctx.out().println("Restore of " + label + " finished: " + String.join(", ", outcome.restored().keySet())
          + (out.services().isEmpty() ? "" : "; every service is back"));
      return ExitCode.OK;
    }
    outcome.failed().forEach((engine, why) -> ctx.error("restore " + label + ": " + engine + ": " + why));
    ctx.error("restore of " + label + " FAILED for " + String.join(", ", outcome.failed().keySet())
        + (out.services().isEmpty() ? "" : "; the services were brought back"));
    return ExitCode.FAILED;
  }

  /** Shows the plan and asks: on a terminal the operator types the label; otherwise --yes is needed. */
  private final class Operator implements RestoreFlow.Operator {
    private final BackupStore store;

    Operator(BackupStore store) {
      this.store = store;
    }

    @Override
    public void show(RestorePlan plan, List<String> stack) {
      var set = plan.set();
      var out = ctx.out();
      out.println("Restore plan");
      out.println("  set:      " + set.label() + " (" + set.status().word() + ", taken " + set.created() + ", "
          + Text.age(Duration.between(set.created(), store.clock().instant())) + " ago)");
      plan.note().ifPresent(n -> out.println("  note:     " + n));
      out.println("  verified: " + Text.size(plan.verifiedBytes()) + " read, every check passed");
      for (Engine e : plan.engines()) {
        out.println("  replace " + e.name() + " data from:");
        List<Path> files = plan.files().getOrDefault(e.name(), List.of());
        if (files.isEmpty()) {
          out.println("      " + (e.name().equals("elasticsearch") ? "snapshot_" + set.label() + " in the repository"
              : "(no files)"));
        }
        for (Path f : files) {
          out.println("      " + store.layout().relative(f) + " (" + Text.size(size(f)) + ")");
        }
      }
      plan.renames().forEach((from, to) -> out.println("  drill:    " + from + " is restored as " + to));
      stack.forEach(line -> out.println("  " + line));
      out.flush();
    }

    @Override
    public boolean confirm(RestorePlan plan) {
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
      return typed != null && typed.trim().equals(plan.set().label().value());
    }
  }

  private static long size(Path f) {
    try {
      return Files.size(f);
    } catch (java.io.IOException e) {
      return 0;
    }
  }
}
