package io.crvsbackup.app;

import io.crvsbackup.cli.Cli;
import io.crvsbackup.cli.CliContext;

/** The entry point: wires the real environment, clock, terminal and engines into the command line. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(Cli.run(CliContext.system(Engines::create), args));
  }
}
