package io.crvsbackup.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;
import java.util.List;

/** {@code crvs-backup restore}: not in this build yet; it says so and exits 2. */
@Command(name = "restore", description = "Not available in this build yet.")
final class RestoreCommand extends UnavailableCommand {
  @Unmatched List<String> ignored;

  RestoreCommand(CliContext ctx) {
    super(ctx);
  }

  @Override
  String what() {
    return "restore";
  }
}
