package io.crvsbackup.mongo.archive;

import java.util.Set;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * The document that opens a block: the namespace whose documents follow, or with {@code eof} set,
 * the end of that namespace and the CRC-64 of all its documents.
 */
record NamespaceHeader(Namespace namespace, boolean eof, long crc) {
  private static final Set<String> FIELDS = Set.of("db", "collection", "EOF", "CRC");

  byte[] encode() {
    return Bson.encode(
        w -> {
          w.writeString("db", namespace.db());
          w.writeString("collection", namespace.collection());
          w.writeBoolean("EOF", eof);
          w.writeInt64("CRC", crc);
        });
  }

  /** Reads a header as strictly as mongorestore does: no other fields, CRC an int64. */
  static NamespaceHeader decode(byte[] bytes, int length) throws MalformedException {
    BsonDocument d = Bson.decode(bytes, length);
    for (String key : d.keySet()) {
      if (!FIELDS.contains(key)) {
        throw new MalformedException("namespace header has an unknown field '" + key + "'");
      }
    }
    String collection = Bson.string(d, "collection", "");
    if (collection.isEmpty()) {
      throw new MalformedException("namespace header names no collection");
    }
    BsonValue crc = d.get("CRC");
    if (crc != null && !crc.isInt64()) {
      throw Bson.wrongType("CRC", crc, org.bson.BsonType.INT64);
    }
    return new NamespaceHeader(
        new Namespace(Bson.string(d, "db", ""), collection),
        Bson.bool(d, "EOF"),
        crc == null ? 0 : crc.asInt64().getValue());
  }
}
