package io.crvsbackup.mongo.archive;

import org.bson.BsonDocument;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

/**
 * The {@code metadata} string of a collection-metadata document: canonical Extended JSON v2 written
 * without whitespace, as mongodump writes it.
 */
final class MetadataJson {
  private static final JsonWriterSettings CANONICAL =
      JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED).build();

  private MetadataJson() {}

  static String write(BsonDocument metadata) {
    return compact(metadata.toJson(CANONICAL));
  }

  /**
   * Parses relaxed or canonical Extended JSON, as older and newer mongodump versions wrote it.
   *
   * @throws RuntimeException from the BSON library when the text is not Extended JSON
   */
  static BsonDocument parse(String json) {
    return BsonDocument.parse(json);
  }

  /** Drops the spaces the driver's writer puts after ':' and ','; text inside strings is kept. */
  static String compact(String json) {
    StringBuilder out = new StringBuilder(json.length());
    boolean inString = false;
    boolean escaped = false;
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      if (inString) {
        out.append(c);
        if (escaped) {
          escaped = false;
        } else if (c == '\\') {
          escaped = true;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
        out.append(c);
      } else if (!Character.isWhitespace(c)) {
        out.append(c);
      }
    }
    return out.toString();
  }
}
