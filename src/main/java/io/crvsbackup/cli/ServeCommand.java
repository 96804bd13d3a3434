package io.crvsbackup.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;
import java.util.List;

/** {@code crvs-backup serve}: not in this build yet; it says so and exits 2. */
@Command(name = "serve", description = "Not available in this build yet.")
final class ServeCommand extends UnavailableCommand {
  @Unmatched List<String> ignored;

  ServeCommand(CliContext ctx) {
    super(ctx);
  }

  @Override
  String what() {
    return "serve";
  }
}
