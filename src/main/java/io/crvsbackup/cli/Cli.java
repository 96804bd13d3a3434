package io.crvsbackup.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code crvs-backup} command line: builds the command tree and runs it. */
public final class Cli {
  private Cli() {}

  /** Root command: only groups the subcommands. */
  @Command(
      name = "crvs-backup",
      mixinStandardHelpOptions = true,
      versionProvider = Version.class,
      description = "Backup and restore for an OpenCRVS Docker Swarm stack.",
      footer = {
        "",
        "Exit codes: 0 success, 1 failed, 2 bad input or configuration (nothing changed),",
        "3 another run holds the lock, 4 a restore left services scaled down (run restore --resume)."
      })
  static final class Root implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      throw new CommandLine.ParameterException(spec.commandLine(), "missing command: say which one");
    }
  }

  /** Runs {@code crvs-backup} with {@code args} and returns the exit code. */
  public static int run(CliContext ctx, String... args) {
    CommandLine cl = new CommandLine(new Root());
    cl.addSubcommand(new ListCommand(ctx));
    cl.addSubcommand(new VerifyCommand(ctx));
    cl.addSubcommand(new PruneCommand(ctx));
    cl.addSubcommand(new BackupCommand(ctx));
    cl.addSubcommand(new RestoreCommand(ctx));
    cl.addSubcommand(new ServeCommand(ctx));
    cl.addSubcommand(new OffsiteCommand(ctx));
    cl.setOut(ctx.out());
    cl.setErr(ctx.err());
    cl.setParameterExceptionHandler(
        (ex, a) -> {
          if (ex instanceof CommandLine.UnmatchedArgumentException u
              && u.getCommandLine().getCommandSpec().root() == u.getCommandLine().getCommandSpec()
              && !u.getUnmatched().isEmpty()
              && !u.getUnmatched().get(0).startsWith("-")) {
            ctx.error("unknown command '" + u.getUnmatched().get(0) + "'; the commands are: "
                + String.join(", ", u.getCommandLine().getSubcommands().keySet()));
          } else {
            ctx.error(ex.getMessage());
          }
          ex.getCommandLine().usage(ctx.err());
          return ExitCode.USAGE;
        });
    int code = cl.execute(args);
    ctx.out().flush();
    ctx.err().flush();
    return code;
  }

  /** This build's version, as manifests record it. */
  static String version() {
    String v = Cli.class.getPackage().getImplementationVersion();
    return v == null ? "development" : v;
  }

  /** The version in the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"crvs-backup " + version()};
    }
  }
}
