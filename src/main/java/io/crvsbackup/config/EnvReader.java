package io.crvsbackup.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads variables from a lookup function (the process environment, or a map in tests), resolving
 * {@code NAME_FILE} companions and collecting every problem instead of stopping at the first.
 */
final class EnvReader {
  /** Docker secrets are small; a bigger file is almost certainly the wrong path. */
  private static final long MAX_SECRET_FILE_BYTES = 64 * 1024;

  private final Function<String, String> env;
  private final List<ConfigProblem> problems = new ArrayList<>();

  EnvReader(Function<String, String> env) {
    this.env = env;
  }

  List<ConfigProblem> problems() {
    return problems;
  }

  void problem(Variable variable, String message) {
    problems.add(new ConfigProblem(variable.name(), message));
  }

  /** The raw value: from NAME, from the file named by NAME_FILE, or empty when neither is set. */
  Optional<String> read(Variable variable) {
    Optional<String> direct = nonBlank(env.apply(variable.name()));
    if (!variable.fileAllowed()) {
      Optional<String> file = nonBlank(env.apply(variable.fileName()));
      if (file.isPresent()) {
        problems.add(
            new ConfigProblem(
                variable.fileName(),
                "is not supported: " + variable.name() + " is not a secret; set " + variable.name() + " itself"));
      }
      return direct.map(String::trim);
    }
    Optional<String> file = nonBlank(env.apply(variable.fileName()));
    if (direct.isPresent() && file.isPresent()) {
      problem(
          variable,
          "both " + variable.name() + " and " + variable.fileName() + " are set; set only one of them");
      return Optional.empty();
    }
    if (file.isPresent()) {
      return readFile(variable, Path.of(file.get().trim()));
    }
    return variable.masked() ? direct : direct.map(String::trim);
  }

  /** {@code true} or {@code false} (any case), else a problem and {@code false}; unset gives the default. */
  boolean readBoolean(Variable variable) {
    String value = read(variable).orElse(variable.defaultValue()).toLowerCase(Locale.ROOT);
    if (!value.equals("true") && !value.equals("false")) {
      problem(variable, "'" + value + "' is not true or false");
      return false;
    }
    return value.equals("true");
  }

  Optional<Secret> readSecret(Variable variable) {
    return read(variable).map(Secret::of);
  }

  private Optional<String> readFile(Variable variable, Path path) {
    try {
      if (!Files.isRegularFile(path)) {
        problems.add(
            new ConfigProblem(
                variable.fileName(),
                "cannot read " + path + ": no such file (mount the Docker secret or fix the path)"));
        return Optional.empty();
      }
      if (Files.size(path) > MAX_SECRET_FILE_BYTES) {
        problems.add(
            new ConfigProblem(
                variable.fileName(),
                path + " is larger than " + MAX_SECRET_FILE_BYTES + " bytes; it should hold only the value"));
        return Optional.empty();
      }
      String text = Files.readString(path, StandardCharsets.UTF_8);
      String value = stripFinalNewline(text);
      if (value.isEmpty()) {
        problems.add(new ConfigProblem(variable.fileName(), path + " is empty"));
        return Optional.empty();
      }
      return Optional.of(value);
    } catch (IOException | SecurityException e) {
      // The message of an IOException names the path and the reason, never the content.
      problems.add(
          new ConfigProblem(
              variable.fileName(), "cannot read " + path + ": " + e.getClass().getSimpleName() + " " + e.getMessage()));
      return Optional.empty();
    }
  }

  /** Secret files usually end with one newline that is not part of the value. */
  static String stripFinalNewline(String text) {
    if (text.endsWith("\r\n")) {
      return text.substring(0, text.length() - 2);
    }
    if (text.endsWith("\n")) {
      return text.substring(0, text.length() - 1);
    }
    return text;
  }

  private static Optional<String> nonBlank(String value) {
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
  }
}
