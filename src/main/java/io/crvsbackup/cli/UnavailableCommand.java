package io.crvsbackup.cli;

/**
 * A command that this build does not have yet. It says so plainly and does nothing, rather than
 * pretend.
 */
abstract class UnavailableCommand extends ContextCommand {
  UnavailableCommand(CliContext ctx) {
    super(ctx);
  }

  abstract String what();

  @Override
  protected int run() {
    ctx.error("'" + what() + "' is not available in this build of crvs-backup; nothing was done."
        + " Available now: backup (MongoDB), list, verify, prune.");
    return ExitCode.USAGE;
  }
}
