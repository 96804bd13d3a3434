package io.crvsbackup.mongo;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/** A server's version as {@code buildInfo} gives it, for the prelude and for version-dependent choices. */
record ServerVersion(int major, int minor, int patch, String text) {
  private static final Pattern XYZ = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)([-+].*)?");

  /** From a buildInfo reply: its {@code version} when it is X.Y.Z, else its {@code versionArray}. */
  static ServerVersion of(BsonDocument buildInfo) {
    BsonValue v = buildInfo.get("version");
    if (v != null && v.isString()) {
      Matcher m = XYZ.matcher(v.asString().getValue());
      if (m.matches()) {
        return new ServerVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
            Integer.parseInt(m.group(3)), v.asString().getValue());
      }
    }
    BsonValue a = buildInfo.get("versionArray");
    if (a != null && a.isArray() && a.asArray().size() >= 3) {
      int[] n = new int[3];
      for (int i = 0; i < 3; i++) {
        n[i] = a.asArray().get(i).isNumber() ? a.asArray().get(i).asNumber().intValue() : 0;
      }
      return new ServerVersion(n[0], n[1], n[2], n[0] + "." + n[1] + "." + n[2]);
    }
    return new ServerVersion(0, 0, 0, "0.0.0");
  }

  static ServerVersion parse(String text) {
    return of(new BsonDocument("version", new org.bson.BsonString(text)));
  }

  boolean atLeast(int maj, int min, int pat) {
    if (major != maj) {
      return major > maj;
    }
    if (minor != min) {
      return minor > min;
    }
    return patch >= pat;
  }

  @Override
  public String toString() {
    return text;
  }
}
