package io.crvsbackup.cli;

import java.util.concurrent.Callable;

/**
 * Base of every command: runs the command's body and turns its exceptions into a message on stderr and
 * a documented exit code, in one place.
 */
abstract class ContextCommand implements Callable<Integer> {
  protected final CliContext ctx;

  ContextCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  /** The command's work; returns an {@link ExitCode}. */
  protected abstract int run() throws Exception;

  @Override
  public final Integer call() {
    try {
      return run();
    } catch (Exception e) {
      ctx.error(e.getMessage() == null ? e.toString() : e.getMessage());
      return ExitCode.of(e);
    } finally {
      ctx.out().flush();
    }
  }
}
