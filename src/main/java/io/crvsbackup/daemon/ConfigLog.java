package io.crvsbackup.daemon;

import io.crvsbackup.config.Variable;
import io.crvsbackup.config.Variables;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The configuration as {@code serve} logs it at start-up: every variable, its value or default, and for a
 * secret only whether it is set (and from which file), never its value.
 */
final class ConfigLog {
  static final String MASK = "******";

  private ConfigLog() {}

  static List<String> lines(Function<String, String> env) {
    List<String> lines = new ArrayList<>();
    for (Variable v : Variables.ALL) {
      String direct = blankToNull(env.apply(v.name()));
      String file = v.fileAllowed() ? blankToNull(env.apply(v.fileName())) : null;
      String shown;
      if (file != null) {
        shown = (v.masked() ? MASK + " " : "") + "(from " + v.fileName() + "=" + file + ")";
      } else if (direct != null) {
        shown = v.masked() ? MASK : direct;
      } else {
        shown = v.defaultValue().isEmpty() ? "(not set)" : v.defaultValue() + " (default)";
      }
      lines.add(v.name() + "=" + shown);
    }
    return lines;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
