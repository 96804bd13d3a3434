package io.crvsbackup.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.crvsbackup.job.Engine;
import io.crvsbackup.job.JobListener;
import io.crvsbackup.job.RestoreSource;
import io.crvsbackup.mongo.archive.ArchivePrelude;
import io.crvsbackup.mongo.archive.ArchiveReader;
import io.crvsbackup.mongo.archive.ArchiveWriter;
import io.crvsbackup.mongo.archive.CollectionMetadata;
import io.crvsbackup.mongo.archive.Namespace;
import io.crvsbackup.mongo.archive.NamespaceWriter;
import io.crvsbackup.store.BackupSet;
import io.crvsbackup.store.BackupStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bson.BsonArray;
import org.bson.BsonBinaryWriter;
import org.bson.BsonDbPointer;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonJavaScript;
import org.bson.BsonJavaScriptWithScope;
import org.bson.BsonMaxKey;
import org.bson.BsonMinKey;
import org.bson.BsonString;
import org.bson.BsonSymbol;
import org.bson.BsonUndefined;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.codecs.EncoderContext;
import org.bson.codecs.RawBsonDocumentCodec;
import org.bson.io.BasicOutputBuffer;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What FerretDB refuses, proven elsewhere. On mongo-java-server (in process): the BSON types FerretDB
 * rejects (Decimal128, NaN, min/max key, JavaScript, nested arrays) and TTL and partial indexes go
 * through our backup and our restore unchanged, byte for byte. The types neither server takes
 * (undefined, DBPointer, symbol, code with scope) are checked on the path the engine gives them: from
 * a raw cursor document through the archive to the raw document the driver sends on insert.
 */
class MongoJavaServerEngineTest {
  private MongoServer server;
  private String uri;

  @BeforeEach
  void start() {
    server = new MongoServer(new MemoryBackend());
    server.bind("127.0.0.1", 0);
    InetSocketAddress a = server.getLocalAddress();
    uri = "mongodb://127.0.0.1:" + a.getPort() + "/?directConnection=true";
  }

  @AfterEach
  void stop() {
    server.shutdownNow();
  }

  static Map<String, BsonValue> ferretRefuses() {
    Map<String, BsonValue> v = new java.util.LinkedHashMap<>();
    v.put("decimal128", new BsonDecimal128(Decimal128.parse("-1234567890.123456789E-300")));
    v.put("decimalNaN", new BsonDecimal128(Decimal128.NaN));
    v.put("nan", new BsonDouble(Double.NaN));
    v.put("minKey", new BsonMinKey());
    v.put("maxKey", new BsonMaxKey());
    v.put("javascript", new BsonJavaScript("function () { return 'ꝏ'; }"));
    v.put("nestedArrays", new BsonArray(List.of(new BsonInt32(1),
        new BsonArray(List.of(new BsonArray(List.of(new BsonString("deep"))), new BsonArray())))));
    return v;
  }

  @Test
  void typesAndIndexesFerretDbRefusesSurviveOurBackupAndRestore(@TempDir Path dir) throws Exception {
    try (MongoClient client = MongoKit.client(uri)) {
      MongoDatabase source = client.getDatabase("types");
      var c = source.getCollection("exotic", BsonDocument.class);
      int id = 0;
      BsonDocument all = new BsonDocument("_id", new BsonString("all"));
      for (Map.Entry<String, BsonValue> e : ferretRefuses().entrySet()) {
        c.insertOne(new BsonDocument("_id", new BsonInt32(id++)).append(e.getKey(), e.getValue()).append("at", new BsonInt32(id)));
        all.append(e.getKey(), e.getValue());
      }
      c.insertOne(all);
      c.createIndex(Indexes.ascending("at"), new IndexOptions().expireAfter(3600L, TimeUnit.SECONDS));
      c.createIndex(Indexes.ascending("nan"), new IndexOptions().partialFilterExpression(
          new BsonDocument("nan", new BsonDocument("$exists", org.bson.BsonBoolean.TRUE))).name("partial_nan"));

      Engine engine = MongoKit.engine(uri, List.of("types"), List.of(), Tuning.DEFAULTS);
      BackupStore store = MongoKit.store(dir);
      BackupSet set = MongoKit.backup(store, engine, "2026-11-25", JobListener.NONE);
      assertThat(engine.verifyOffline(set, JobListener.NONE)).isEmpty();
      engine.restore(new RestoreSource(set, store.layout(), Map.of("types", "types_copy"), JobListener.NONE));

      MongoDatabase copy = client.getDatabase("types_copy");
      List<byte[]> expected = MongoKit.rawDocuments(source, "exotic");
      List<byte[]> actual = MongoKit.rawDocuments(copy, "exotic");
      assertThat(actual).hasSize(ferretRefuses().size() + 1);
      for (int i = 0; i < expected.size(); i++) {
        assertThat(actual.get(i)).as("document %d", i).isEqualTo(expected.get(i));
      }
      assertThat(MongoKit.indexes(copy, "exotic")).isEqualTo(MongoKit.indexes(source, "exotic"));
      assertThat(MongoKit.indexes(copy, "exotic")).containsKeys("at_1", "partial_nan");
      assertThat(MongoKit.indexes(copy, "exotic").get("at_1").getNumber("expireAfterSeconds").longValue())
          .isEqualTo(3600);
    }
  }

  /**
   * A disk that fills, without root: the same code path as {@link MongoDiskFullIT} (AtomicFiles, the
   * compressor, the archive writer, parallel collection dumps), with a stream that fails like a full
   * disk after 50 000 bytes.
   */
  @Test
  void diskFullThroughTheSameCodePathRemovesThePartialFileAndKeepsEarlierSets(@TempDir Path dir) throws Exception {
    try (MongoClient client = MongoKit.client(uri)) {
      var c = client.getDatabase("full").getCollection("Observation", BsonDocument.class);
      java.util.Random random = new java.util.Random(7);
      for (int i = 0; i < 300; i++) {
        byte[] noise = new byte[1024];
        random.nextBytes(noise);
        c.insertOne(new BsonDocument("_id", new BsonInt32(i)).append("scan", new org.bson.BsonBinary(noise)));
      }
      BackupStore store = MongoKit.store(dir);
      BackupSet earlier = MongoKit.backup(store,
          MongoKit.engine(uri, List.of("full"), List.of(), Tuning.DEFAULTS), "2026-11-24", JobListener.NONE);
      Engine filling = MongoKit.engine(uri, List.of("full"), List.of(),
          Tuning.DEFAULTS.withCompression(out -> new java.util.zip.GZIPOutputStream(new FullDisk(out, 50_000))));

      var o = new io.crvsbackup.job.BackupJob(store, List.of(filling), 7, "test", JobListener.NONE)
          .run(java.util.Optional.of(io.crvsbackup.store.Label.parse("2026-11-25")));

      assertThat(o.manifest().failures()).singleElement().satisfies(f -> assertThat(f.message())
          .contains("full").contains("No space left on device"));
      assertThat(MongoBackupFailuresIT.files(store.layout().mongoDir()))
          .extracting(p -> p.getFileName().toString()).containsExactly("full-2026-11-24.gz");
      assertThat(store.verify(earlier, s -> {}).ok()).isTrue();
    }
  }

  /** Passes {@code limit} bytes on, then fails as a full disk does. */
  private static final class FullDisk extends java.io.FilterOutputStream {
    private long left;

    FullDisk(java.io.OutputStream out, long limit) {
      super(out);
      this.left = limit;
    }

    @Override
    public void write(int b) throws java.io.IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws java.io.IOException {
      if (len > left) {
        throw new java.io.IOException("No space left on device");
      }
      left -= len;
      out.write(b, off, len);
    }
  }

  @Test
  void typesNoTestServerTakesPassThroughTheEngineUntouched() throws Exception {
    BsonDocument d = new BsonDocument("_id", new BsonInt32(1))
        .append("undefined", new BsonUndefined())
        .append("dbPointer", new BsonDbPointer("hearth-dev.Patient", new ObjectId("65f1a2b3c4d5e6f708192a3b")))
        .append("symbol", new BsonSymbol("sym"))
        .append("codeWithScope", new BsonJavaScriptWithScope("x + y", new BsonDocument("y", new BsonInt32(2))));
    RawBsonDocument fromCursor = new RawBsonDocument(d, new BsonDocumentCodec());
    Namespace ns = new Namespace("db", "c");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ArchiveWriter w = ArchiveWriter.create(out, "a", ArchivePrelude.of("7.0.0", "t", 1,
        List.of(CollectionMetadata.of(ns, "collection", new BsonDocument(), List.of(), null))));
    NamespaceWriter n = w.open(ns);
    n.write(fromCursor);
    n.end();
    w.finish();

    List<RawBsonDocument> read = new ArrayList<>();
    try (ArchiveReader r = ArchiveReader.open(new ByteArrayInputStream(out.toByteArray()), "a")) {
      for (var e = r.next(); e != ArchiveReader.Event.END_OF_ARCHIVE; e = r.next()) {
        if (e == ArchiveReader.Event.DOCUMENT) {
          read.add(r.rawDocument());
        }
      }
    }
    BasicOutputBuffer sent = new BasicOutputBuffer();
    new RawBsonDocumentCodec().encode(new BsonBinaryWriter(sent), read.get(0), EncoderContext.builder().build());
    assertThat(sent.toByteArray()).isEqualTo(MongoKit.bytes(fromCursor));
  }
}
