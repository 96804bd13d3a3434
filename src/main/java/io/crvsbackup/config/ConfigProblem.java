package io.crvsbackup.config;

/**
 * One thing wrong with the configuration: the variable it concerns and what is allowed. Never holds a
 * secret's value.
 */
public record ConfigProblem(String variable, String message) {
  @Override
  public String toString() {
    return variable + ": " + message;
  }
}
