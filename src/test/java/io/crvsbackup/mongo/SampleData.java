package io.crvsbackup.mongo;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.CreateCollectionOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.BsonArray;
import org.bson.BsonBinary;
import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonObjectId;
import org.bson.BsonRegularExpression;
import org.bson.BsonString;
import org.bson.BsonTimestamp;
import org.bson.BsonValue;
import org.bson.types.ObjectId;

/**
 * The data of the round-trip tests, OpenCRVS-flavoured, with every BSON type FerretDB accepts. The
 * types FerretDB refuses (Decimal128, min/max key, NaN, JavaScript, nested arrays, undefined,
 * DBPointer, symbol, code with scope) are covered by the unit tests on mongo-java-server and on the
 * archive alone.
 */
final class SampleData {
  static final String PATIENT = "Patient";
  static final String UNICODE = "Пациент_名前_ü";
  static final int SMALL_COLLECTIONS = 200;

  private SampleData() {}

  /** Every value of a type FerretDB stores as it is given, by a name for the test's messages. */
  static Map<String, BsonValue> acceptedValues() {
    Map<String, BsonValue> v = new java.util.LinkedHashMap<>();
    v.put("double", new BsonDouble(3.25));
    v.put("negativeZero", new BsonDouble(-0.0));
    v.put("huge", new BsonDouble(1.7976931348623157E308));
    v.put("string", new BsonString("Ngozi Okafor · 出生 · ولادة"));
    v.put("document", new BsonDocument("given", new BsonString("Kofi")).append("family", new BsonString("Mensah")));
    v.put("array", new BsonArray(List.of(new BsonInt32(1), new BsonString("two"),
        new BsonDocument("three", new BsonArray(List.of(new BsonInt32(3)))))));
    v.put("objectId", new BsonObjectId(new ObjectId("65f1a2b3c4d5e6f708192a3b")));
    v.put("true", BsonBoolean.TRUE);
    v.put("false", BsonBoolean.FALSE);
    v.put("before1970", new BsonDateTime(-2_208_988_800_000L));
    v.put("epoch", new BsonDateTime(0));
    v.put("after2038", new BsonDateTime(4_102_444_800_000L));
    v.put("null", BsonNull.VALUE);
    v.put("regex", new BsonRegularExpression("^[A-Z]{2}\\d+$", "imsx"));
    v.put("int32", new BsonInt32(Integer.MIN_VALUE));
    v.put("int64", new BsonInt64(Long.MAX_VALUE));
    v.put("timestamp", new BsonTimestamp(1_764_115_200, 7));
    v.put("emptyTimestamp", new BsonTimestamp(0));
    for (int subtype : new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 0x80}) {
      int len = subtype == 3 || subtype == 4 || subtype == 5 ? 16 : 5;
      byte[] data = new byte[len];
      for (int i = 0; i < len; i++) {
        data[i] = (byte) (i * 37 + subtype);
      }
      if (subtype == 2) {
        data = new byte[] {1, 0, 0, 0, 42};
      }
      v.put("binary" + subtype, new BsonBinary((byte) subtype, data));
    }
    v.put("binary9", new BsonBinary((byte) 9, new byte[] {0x03, 0x00, 1, 2, 3, 4}));
    return v;
  }

  static void seed(MongoDatabase db) {
    var patients = db.getCollection(PATIENT, BsonDocument.class);
    List<BsonDocument> docs = new ArrayList<>();
    int id = 0;
    for (Map.Entry<String, BsonValue> e : acceptedValues().entrySet()) {
      docs.add(new BsonDocument("_id", new BsonInt32(id++)).append("type", new BsonString(e.getKey()))
          .append("value", e.getValue()).append("u", new BsonInt32(id)).append("a", new BsonInt32(id % 3))
          .append("b", new BsonString("b" + id)));
    }
    BsonDocument all = new BsonDocument("_id", new BsonString("all-types"));
    acceptedValues().forEach(all::append);
    all.append("ключ", new BsonString("значение")).append("名前", new BsonString("値"))
        .append("emoji😀", new BsonString("🎉")).append("", new BsonString("empty key"));
    docs.add(all);
    patients.insertMany(docs);
    patients.createIndex(Indexes.ascending("u"), new IndexOptions().unique(true).name("u_unique"));
    patients.createIndex(Indexes.compoundIndex(Indexes.ascending("a"), Indexes.descending("b")));

    var unicode = db.getCollection(UNICODE, BsonDocument.class);
    unicode.insertMany(List.of(
        new BsonDocument("_id", new BsonString("ü-1")).append("名前", new BsonString("Амина")),
        new BsonDocument("_id", new BsonString("ü-2")).append("名前", new BsonString("Zoë"))));
    unicode.createIndex(Indexes.ascending("名前"));

    var big = db.getCollection("big", BsonDocument.class);
    big.insertOne(new BsonDocument("_id", new BsonInt32(1))
        .append("blob", new BsonString("x".repeat(16 * 1024 * 1024 - 2048))));
    big.insertOne(new BsonDocument("_id", new BsonInt32(2)).append("small", BsonBoolean.TRUE));

    db.createCollection("empty");
    db.createCollection("capped_log",
        new CreateCollectionOptions().capped(true).sizeInBytes(1 << 20).maxDocuments(100));
    db.getCollection("capped_log", BsonDocument.class).insertMany(List.of(
        new BsonDocument("_id", new BsonInt32(1)).append("m", new BsonString("first")),
        new BsonDocument("_id", new BsonInt32(2)).append("m", new BsonString("second"))));

    for (int i = 0; i < SMALL_COLLECTIONS; i++) {
      var c = db.getCollection(String.format("small_%03d", i), BsonDocument.class);
      c.insertMany(List.of(new BsonDocument("_id", new BsonInt32(1)).append("i", new BsonInt32(i)),
          new BsonDocument("_id", new BsonInt32(2)).append("i", new BsonInt32(-i))));
    }
  }
}
