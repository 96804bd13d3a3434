package io.crvsbackup.job;

import java.util.List;

/**
 * A restore was refused before anything was touched: the set is incomplete, or it failed
 * verification. Lists every problem found.
 */
public final class RestoreRefusedException extends Exception {
  private static final long serialVersionUID = 1L;
  private final transient List<String> problems;

  public RestoreRefusedException(String message, List<String> problems) {
    super(message);
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
