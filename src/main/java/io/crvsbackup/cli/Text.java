package io.crvsbackup.cli;

import java.time.Duration;
import java.util.Locale;

/** Human-readable sizes and ages for terminal output. */
final class Text {
  private Text() {}

  static String size(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = bytes;
    int i = -1;
    while (v >= 1024 && i < units.length - 1) {
      v /= 1024;
      i++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[i]);
  }

  static String age(Duration d) {
    if (d.isNegative()) {
      return "in the future";
    }
    long minutes = d.toMinutes();
    if (minutes < 60) {
      return minutes + "m";
    }
    long hours = d.toHours();
    if (hours < 48) {
      return hours + "h " + (minutes % 60) + "m";
    }
    return d.toDays() + "d " + (hours % 24) + "h";
  }
}
