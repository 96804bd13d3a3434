package io.crvsbackup.mongo.archive;

import java.nio.ByteBuffer;
import java.util.function.Consumer;
import org.bson.BsonBinaryReader;
import org.bson.BsonBinaryWriter;
import org.bson.BsonDocument;
import org.bson.BsonType;
import org.bson.BsonValue;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.codecs.DecoderContext;
import org.bson.io.BasicOutputBuffer;

/** Small helpers for the archive's own documents (headers and declarations), never for data. */
final class Bson {
  private static final BsonDocumentCodec CODEC = new BsonDocumentCodec();

  private Bson() {}

  static byte[] encode(Consumer<BsonBinaryWriter> fields) {
    BasicOutputBuffer buf = new BasicOutputBuffer(256);
    try (BsonBinaryWriter w = new BsonBinaryWriter(buf)) {
      w.writeStartDocument();
      fields.accept(w);
      w.writeEndDocument();
    }
    return buf.toByteArray();
  }

  static BsonDocument decode(byte[] bytes, int length) throws MalformedException {
    try (BsonBinaryReader r = new BsonBinaryReader(ByteBuffer.wrap(bytes, 0, length))) {
      return CODEC.decode(r, DecoderContext.builder().build());
    } catch (RuntimeException e) {
      throw new MalformedException("not a valid BSON document: " + e.getMessage(), e);
    }
  }

  static String string(BsonDocument d, String key, String absent) throws MalformedException {
    BsonValue v = d.get(key);
    if (v == null) {
      return absent;
    }
    if (!v.isString()) {
      throw wrongType(key, v, BsonType.STRING);
    }
    return v.asString().getValue();
  }

  static boolean bool(BsonDocument d, String key) throws MalformedException {
    BsonValue v = d.get(key);
    if (v == null) {
      return false;
    }
    if (!v.isBoolean()) {
      throw wrongType(key, v, BsonType.BOOLEAN);
    }
    return v.asBoolean().getValue();
  }

  /** An int32 or int64 field. */
  static long integer(BsonDocument d, String key) throws MalformedException {
    BsonValue v = d.get(key);
    if (v == null) {
      return 0;
    }
    if (v.isInt32()) {
      return v.asInt32().getValue();
    }
    if (v.isInt64()) {
      return v.asInt64().getValue();
    }
    throw wrongType(key, v, BsonType.INT64);
  }

  static MalformedException wrongType(String key, BsonValue v, BsonType expected) {
    return new MalformedException(
        "field '" + key + "' is BSON " + v.getBsonType() + " where " + expected + " belongs");
  }
}
