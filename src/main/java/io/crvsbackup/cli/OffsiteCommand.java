package io.crvsbackup.cli;

import io.crvsbackup.job.OffsitePush;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.crvsbackup.config.Settings;
import io.crvsbackup.offsite.Offsite;
import io.crvsbackup.offsite.OffsiteException;
import io.crvsbackup.offsite.OffsiteListener;
import io.crvsbackup.offsite.PullReport;
import io.crvsbackup.offsite.PushReport;
import io.crvsbackup.offsite.RemoteSet;
import io.crvsbackup.store.BackupSet;
import io.crvsbackup.store.BackupStore;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code crvs-backup offsite list|push <when>|pull <when>}: the copies on the backup server
 * ({@code EXTERNAL_BACKUP_*}). Exit codes as everywhere; a host key that is unknown or changed, a refused
 * login, a bad key file, a wrong passphrase or a set that does not exist are bad input (2).
 */
@Command(
    name = "offsite",
    description = "The copies on the backup server (EXTERNAL_BACKUP_HOST): list, push <when>, pull <when>.")
final class OffsiteCommand extends ContextCommand {
  OffsiteCommand(CliContext ctx) {
    super(ctx);
  }

  @Override
  protected int run() {
    ctx.error("say what to do: crvs-backup offsite list, offsite push <when> or offsite pull <when>");
    return ExitCode.USAGE;
  }

  @Command(name = "list", description = "List the sets on the backup server, oldest first.")
  int list(@Option(names = "--json", description = "Print JSON instead of a table.") boolean json) {
    return handle(() -> {
      Settings settings = ctx.settings();
      BackupStore store = ctx.store(settings, false);
      Set<String> local = store.sets().stream().filter(BackupSet::restorable).map(s -> s.label().value())
          .collect(Collectors.toSet());
      List<RemoteSet> sets = Offsite.create(settings, store, listener()).list();
      if (json) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ArrayNode arr = mapper.createArrayNode();
        for (RemoteSet s : sets) {
          var n = arr.addObject().put("label", s.label().value()).put("status", s.kind().word())
              .put("created", s.created().toString()).put("encryption", s.encryption()).put("size", s.bytes())
              .put("local", local.contains(s.label().value()));
          s.pushed().ifPresent(p -> n.put("pushed", p.toString()));
          s.problem().ifPresent(p -> n.put("problem", p));
        }
        ctx.out().println(mapper.writeValueAsString(arr));
      } else if (sets.isEmpty()) {
        ctx.out().println("No sets on " + server(settings) + ".");
      } else {
        String format = "%-24s %-10s %-17s %10s  %-27s %s%n";
        ctx.out().printf(format, "LABEL", "STATUS", "PUSHED", "SIZE", "ENCRYPTION", "LOCAL");
        for (RemoteSet s : sets) {
          ctx.out().printf(format, s.label(), s.kind().word(),
              s.pushed().map(p -> p.toString().substring(0, 16).replace('T', ' ')).orElse("-"), Text.size(s.bytes()),
              s.encryption(), local.contains(s.label().value()) ? "yes" : "no");
          s.problem().ifPresent(p -> ctx.warn(s.label() + ": " + p));
        }
      }
      return ExitCode.OK;
    });
  }

  @Command(name = "push", description = "Copy a local set to the backup server (files already there are not sent"
      + " again).")
  int push(@Parameters(paramLabel = "<when>", description = "A date YYYY-MM-DD, a weekday, latest, or a label.")
      String when) {
    return handle(() -> {
      Settings settings = ctx.settings();
      BackupStore store = ctx.store(settings, true);
      ctx.out().println("Pushing " + when + " to " + server(settings) + " ...");
      PushReport.Pushed p = Offsite.create(settings, store, listener()).push(when);
      ctx.out().println(p.alreadyThere() ? "Set " + p.label() + " is on the backup server already."
          : "Set " + p.label() + " is on the backup server: " + p.filesSent() + " file(s) sent ("
              + Text.size(p.bytesSent()) + "), " + p.filesKept() + " there already, in " + seconds(p.took()) + ".");
      return ExitCode.OK;
    });
  }

  @Command(name = "pull", description = "Bring a set that is only on the backup server back into BACKUP_DIR"
      + " (also OpenCRVS 1.4+ <label>.tar.gz.enc bundles); it is checked before it is placed.")
  int pull(@Parameters(paramLabel = "<when>", description = "A date YYYY-MM-DD, a weekday, latest, or a label,"
      + " among the sets on the backup server.") String when) {
    return handle(() -> {
      Settings settings = ctx.settings();
      BackupStore store = ctx.store(settings, true);
      ctx.out().println("Pulling " + when + " from " + server(settings) + " ...");
      PullReport r = Offsite.create(settings, store, listener()).pull(when);
      ctx.out().println("Set " + r.label() + " (" + r.source().word() + ") is in " + store.layout().root() + ": "
          + r.files() + " file(s), " + Text.size(r.bytes()) + ", checked, in " + seconds(r.took()) + ".");
      r.elasticsearchNote().ifPresent(n -> ctx.warn(r.label() + ": " + n));
      ctx.out().println("Next: crvs-backup restore " + r.label());
      return ExitCode.OK;
    });
  }

  /** Runs a subcommand's body with the same error handling as every other command. */
  private int handle(Callable<Integer> body) {
    try {
      return body.call();
    } catch (OffsiteException e) {
      ctx.error(e.getMessage());
      return e.badInput() ? ExitCode.USAGE : ExitCode.FAILED;
    } catch (Exception e) {
      ctx.error(e.getMessage() == null ? e.toString() : e.getMessage());
      return ExitCode.of(e);
    } finally {
      ctx.out().flush();
    }
  }

  private OffsiteListener listener() {
    return OffsitePush.adapt(new ConsoleListener(ctx));
  }

  private static String server(Settings settings) {
    return settings.offsite().server().map(Object::toString).orElse("(no backup server configured)");
  }

  private static String seconds(Duration d) {
    return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }
}
