package io.crvsbackup.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crvsbackup.config.Settings;
import io.crvsbackup.store.BackupSet;
import io.crvsbackup.store.BackupStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code crvs-backup list}: every set with its status, age, size, engines and last verification. */
@Command(name = "list", description = "List the backup sets in BACKUP_DIR, newest first.")
final class ListCommand extends ContextCommand {
  @Option(names = "--json", description = "Print JSON instead of a table.")
  boolean json;

  ListCommand(CliContext ctx) {
    super(ctx);
  }

  @Override
  protected int run() throws Exception {
    Settings settings = ctx.settings();
    BackupStore store = ctx.store(settings, false);
    List<BackupSet> sets = new java.util.ArrayList<>(store.sets());
    java.util.Collections.reverse(sets);
    if (json) {
      printJson(store, sets);
    } else if (sets.isEmpty()) {
      ctx.out().println("No backup sets in " + store.layout().root() + ".");
    } else {
      String format = "%-24s %-10s %-10s %10s  %-28s %s%n";
      ctx.out().printf(format, "LABEL", "STATUS", "AGE", "SIZE", "ENGINES", "VERIFIED");
      for (BackupSet s : sets) {
        ctx.out().printf(
            format,
            s.label(),
            s.status().word(),
            Text.age(Duration.between(s.created(), store.clock().instant())),
            Text.size(size(s)),
            s.engines().isEmpty() ? "-" : String.join(",", s.engines()),
            verified(s));
      }
    }
    int broken = 0;
    for (BackupSet s : sets) {
      // A manifest that exists but cannot be read makes the set untrustworthy: say so loudly.
      if (s.manifest().isEmpty() && s.problem().isPresent() && Files.exists(store.layout().manifest(s.label()))) {
        ctx.error(s.label() + ": " + s.problem().get());
        broken++;
      }
    }
    return broken == 0 ? ExitCode.OK : ExitCode.FAILED;
  }

  private static long size(BackupSet s) {
    long total = 0;
    for (Path f : s.files()) {
      try {
        total += Files.size(f);
      } catch (IOException e) {
        // a missing file shows up in verify; the listing shows what is there
      }
    }
    return total;
  }

  private static String verified(BackupSet s) {
    return s.lastVerify()
        .map(v -> (v.ok() ? "ok " : "FAILED ") + v.at().toString().substring(0, 16).replace('T', ' '))
        .orElse("never");
  }

  private void printJson(BackupStore store, List<BackupSet> sets) throws IOException {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ArrayNode arr = mapper.createArrayNode();
    for (BackupSet s : sets) {
      ObjectNode n = arr.addObject();
      n.put("label", s.label().value());
      n.put("status", s.status().word());
      n.put("created", s.created().toString());
      n.put("day", s.day().toString());
      n.put("ageSeconds", Duration.between(s.created(), store.clock().instant()).toSeconds());
      n.put("size", size(s));
      s.engines().forEach(n.putArray("engines")::add);
      s.lastVerify().ifPresent(v -> n.putObject("verified").put("at", v.at().toString()).put("ok", v.ok()));
      s.problem().ifPresent(p -> n.put("problem", p));
    }
    ctx.out().println(mapper.writeValueAsString(arr));
  }
}
