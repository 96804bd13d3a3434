package io.crvsbackup.config;

/**
 * One environment variable that crvs-backup reads.
 *
 * @param name the variable's name
 * @param defaultValue what applies when it is not set, as shown to operators ("" when it has none)
 * @param meaning one line for {@code .env.example} and the README
 * @param fileAllowed whether {@code NAME_FILE} (a path, e.g. a Docker secret) may be given instead
 * @param masked whether the value is a secret that must never be shown
 */
public record Variable(
    String name, String defaultValue, String meaning, boolean fileAllowed, boolean masked) {

  static Variable plain(String name, String defaultValue, String meaning) {
    return new Variable(name, defaultValue, meaning, false, false);
  }

  static Variable credential(String name, String meaning) {
    return new Variable(name, "", meaning, true, false);
  }

  static Variable secret(String name, String meaning) {
    return new Variable(name, "", meaning, true, true);
  }

  /** The name of the companion variable that holds a path to a file with the value. */
  public String fileName() {
    return name + "_FILE";
  }
}
