package io.crvsbackup.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;
import java.util.List;

/** {@code crvs-backup backup}: not in this build yet; it says so and exits 2. */
@Command(name = "backup", description = "Not available in this build yet.")
final class BackupCommand extends UnavailableCommand {
  @Unmatched List<String> ignored;

  BackupCommand(CliContext ctx) {
    super(ctx);
  }

  @Override
  String what() {
    return "backup";
  }
}
