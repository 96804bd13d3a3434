package io.crvsbackup.influx;

/**
 * Quoting for InfluxQL. Every name that goes into a statement (database, retention policy, measurement)
 * is a double-quoted identifier with {@code \}, {@code "} and newlines escaped, the only escapes
 * InfluxQL's scanner accepts in quoted identifiers; nothing from a name is ever pasted in unquoted.
 */
final class InfluxQl {
  private InfluxQl() {}

  static String ident(String name) {
    StringBuilder b = new StringBuilder(name.length() + 2).append('"');
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      switch (c) {
        case '\\' -> b.append("\\\\");
        case '"' -> b.append("\\\"");
        case '\n' -> b.append("\\n");
        default -> b.append(c);
      }
    }
    return b.append('"').toString();
  }

  static String dropDatabase(String db) {
    return "DROP DATABASE " + ident(db);
  }

  /** Counts every field of every measurement in one retention policy. */
  static String countAll(String db, String rp) {
    return "SELECT count(*) FROM " + ident(db) + "." + ident(rp) + "./.*/";
  }

  /** Counts every field of every series of every measurement in one retention policy. */
  static String countAllBySeries(String db, String rp) {
    return countAll(db, rp) + " GROUP BY *";
  }

  /**
   * The measurement part of a series key ({@code cpu,host=a} or {@code my\ measurement\,x,tag=v}): up to
   * the first comma not escaped by a backslash, with the escapes removed.
   */
  static String measurementOfSeriesKey(String key) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c == '\\' && i + 1 < key.length() && (key.charAt(i + 1) == ',' || key.charAt(i + 1) == ' ')) {
        b.append(key.charAt(++i));
      } else if (c == ',') {
        break;
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
