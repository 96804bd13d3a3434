package io.crvsbackup.cli;

import io.crvsbackup.config.Settings;
import io.crvsbackup.job.Discovery;
import io.crvsbackup.job.OffsitePush;
import io.crvsbackup.job.BackupJob;
import io.crvsbackup.job.Engine;
import io.crvsbackup.store.BackupStore;
import io.crvsbackup.store.BadInputException;
import io.crvsbackup.store.Label;
import io.crvsbackup.store.Manifest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code crvs-backup backup [--label L] [--engines mongo,...]}: take a set now. */
@Command(name = "backup", description = "Take a backup set now, for the engines this build has.")
final class BackupCommand extends ContextCommand {
  @Option(names = "--label", paramLabel = "<label>",
      description = "The set's label (lowercase a-z 0-9 . _ -); default: today's date.")
  String label;

  @Option(names = "--engines", split = ",", paramLabel = "<engine>",
      description = "Only these engines (default: all that are configured).")
  List<String> only;

  BackupCommand(CliContext ctx) {
    super(ctx);
  }

  @Override
  protected int run() throws Exception {
    Optional<Label> l = label == null ? Optional.empty() : Optional.of(Label.parse(label));
    Settings settings = ctx.settings();
    ConsoleListener listener = new ConsoleListener(ctx);
    List<Engine> engines = select(ctx.engines().create(settings, Discovery.endpoints(settings, listener)), only);
    BackupStore store = ctx.store(settings, true);
    BackupJob.Outcome outcome = new BackupJob(store, engines, settings.store().retentionDays(),
        Cli.version(), listener).withOffsite(OffsitePush.of(settings, store)).run(l);
    Manifest m = outcome.manifest();
    if (m.status() == io.crvsbackup.store.SetStatus.COMPLETE && !outcome.offsiteFailures().isEmpty()) {
      outcome.offsiteFailures().forEach(f -> ctx.error("offsite push: " + f));
      ctx.error("set " + m.label() + " is complete locally, but its offsite copy FAILED; the next run pushes it again");
      return ExitCode.FAILED;
    }
    if (outcome.ok()) {
      ctx.out().println("Set " + m.label() + " is complete: " + m.artifacts().size() + " file(s), "
          + Text.size(m.totalSize()) + (outcome.pruned() > 0 ? "; retention pruned " + outcome.pruned() + " set(s)" : "")
          + ".");
      return ExitCode.OK;
    }
    for (Manifest.Failure f : m.failures()) {
      ctx.error("backup " + m.label() + ": " + f.engine() + " failed: " + f.message());
    }
    ctx.error("set " + m.label() + " is INCOMPLETE: " + m.failures().size() + " part(s) failed;"
        + " nothing was pruned, earlier sets are intact");
    return ExitCode.FAILED;
  }

  /** The engines named by {@code --engines}, or all; an unknown name is an error listing the known ones. */
  static List<Engine> select(List<Engine> available, List<String> names) throws BadInputException {
    if (names == null || names.isEmpty()) {
      return available;
    }
    List<String> known = available.stream().map(Engine::name).toList();
    List<Engine> chosen = new ArrayList<>();
    for (String n : names) {
      Engine e = available.stream().filter(x -> x.name().equals(n.trim())).findFirst().orElseThrow(
          () -> new BadInputException("--engines: '" + n + "' is not an engine of this build; available: "
              + (known.isEmpty() ? "none" : String.join(", ", known))));
      if (!chosen.contains(e)) {
        chosen.add(e);
      }
    }
    return chosen;
  }
}
