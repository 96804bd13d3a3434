package io.crvsbackup.mongo.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.bson.BsonBinary;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.RawBsonDocument;
import org.junit.jupiter.api.Test;

/** Writes archives with the writer and reads them back with the reader, byte for byte. */
class ArchiveRoundTripTest {
  private static final BsonDocument ID_INDEX = BsonDocument.parse("{v: 2, key: {_id: 1}, name: '_id_'}");

  private static CollectionMetadata collection(String db, String coll) {
    return CollectionMetadata.of(
        new Namespace(db, coll), CollectionMetadata.COLLECTION, new BsonDocument(),
        List.of(ID_INDEX), UUID.nameUUIDFromBytes((db + coll).getBytes()));
  }

  private static byte[] doc(int i, int padding) {
    BsonDocument d = new BsonDocument("_id", new BsonInt32(i))
        .append("name", new BsonString("Ñandú 名前 🙂 " + i))
        .append("pad", new BsonBinary(new byte[padding]));
    return Fixtures.bson(d);
  }

  @Test
  void collectionsViewsTimeseriesUnicodeAndANearlyFullDocumentSurviveGzip() throws Exception {
    Namespace patient = new Namespace("hearth-dev", "Patient");
    Namespace empty = new Namespace("hearth-dev", "Empty");
    Namespace unicode = new Namespace("hearth-dév", "Prénom-名前-🙂");
    Namespace big = new Namespace("hearth-dev", "Big");
    Namespace view = new Namespace("hearth-dev", "patientView");
    Namespace obs = new Namespace("metrics", "observations");
    List<CollectionMetadata> declared = List.of(
        collection(patient.db(), patient.collection()),
        collection(empty.db(), empty.collection()),
        collection(unicode.db(), unicode.collection()),
        collection(big.db(), big.collection()),
        CollectionMetadata.of(view, CollectionMetadata.VIEW,
            BsonDocument.parse("{viewOn: 'Patient', pipeline: [{$match: {active: true}}]}"),
            List.of(), null),
        CollectionMetadata.of(obs, CollectionMetadata.TIMESERIES,
            BsonDocument.parse("{timeseries: {timeField: 't', metaField: 'm', granularity: 'hours'}}"),
            List.of(), null));
    ArchivePrelude prelude = ArchivePrelude.of("7.0.12", "crvs-backup 0.1.0", 4, declared);

    Map<Namespace, List<byte[]>> written = new LinkedHashMap<>();
    Random random = new Random(11);
    written.put(patient, new ArrayList<>());
    for (int i = 0; i < 300; i++) {
      written.get(patient).add(doc(i, random.nextInt(5000)));
    }
    written.put(empty, List.of());
    written.put(unicode, List.of(doc(1, 0), doc(2, 10)));
    byte[] full = Fixtures.bson(new BsonDocument("data", new BsonBinary(new byte[16 * 1024 * 1024 - 16])));
    assertThat(full).hasSize(ArchiveFormat.MAX_WRITE_DOCUMENT_BYTES);
    written.put(big, List.of(doc(1, 3), full, doc(2, 3)));
    written.put(view, List.of());
    Namespace buckets = new Namespace("metrics", "system.buckets.observations");
    written.put(buckets, List.of(Fixtures.bson("{control: {version: 1}, meta: 'a', data: {}}")));

    ByteArrayOutputStream file = new ByteArrayOutputStream();
    ArchiveSummary out;
    try (GZIPOutputStream gz = new GZIPOutputStream(file)) {
      ArchiveWriter w = ArchiveWriter.create(gz, "hearth-dev.gz", prelude, 64 * 1024);
      for (Map.Entry<Namespace, List<byte[]>> e : written.entrySet()) {
        NamespaceWriter nw = w.open(e.getKey());
        for (byte[] d : e.getValue()) {
          if (d.length % 2 == 0) {
            nw.write(d);
          } else {
            nw.write(new RawBsonDocument(d));
          }
        }
        nw.end();
      }
      out = w.finish();
    }

    Fixtures.Read read = Fixtures.read(file.toByteArray(), "hearth-dev.gz");

    assertThat(read.prelude()).isEqualTo(prelude);
    assertThat(read.prelude().metadataFor(buckets).orElseThrow().namespace()).isEqualTo(obs);
    assertThat(read.endOrder()).containsExactlyElementsOf(written.keySet());
    for (Map.Entry<Namespace, List<byte[]>> e : written.entrySet()) {
      List<byte[]> got = read.documents().get(e.getKey());
      assertThat(got).as("%s", e.getKey()).hasSameSizeAs(e.getValue());
      for (int i = 0; i < got.size(); i++) {
        assertThat(got.get(i)).as("%s #%d", e.getKey(), i).isEqualTo(e.getValue().get(i));
      }
      assertThat(read.summary().namespace(e.getKey()).orElseThrow().crc())
          .isEqualTo(crcOf(e.getValue()));
    }
    assertThat(read.summary()).isEqualTo(out);
  }

  @Test
  void namespacesWrittenFromManyThreadsAtOnceComeBackIntact() throws Exception {
    int threads = 8;
    int perThread = 4;
    List<CollectionMetadata> declared = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      for (int c = 0; c < perThread; c++) {
        declared.add(collection("crvs", "t" + t + "-c" + c));
      }
    }
    ArchivePrelude prelude = ArchivePrelude.of("6.0.4", "test", threads, declared);
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    ArchiveWriter w = ArchiveWriter.create(raw, "parallel", prelude, 1024);
    Map<Namespace, List<byte[]>> written = Collections.synchronizedMap(new LinkedHashMap<>());

    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          Random random = new Random(thread);
          List<NamespaceWriter> mine = new ArrayList<>();
          for (int c = 0; c < perThread; c++) {
            NamespaceWriter nw = w.open(new Namespace("crvs", "t" + thread + "-c" + c));
            mine.add(nw);
            written.put(nw.namespace(), new ArrayList<>());
          }
          for (int i = 0; i < 1500; i++) {
            NamespaceWriter nw = mine.get(random.nextInt(perThread));
            byte[] d = doc(i, random.nextInt(300));
            written.get(nw.namespace()).add(d);
            nw.write(d);
          }
          for (NamespaceWriter nw : mine) {
            nw.end();
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    ArchiveSummary out = w.finish();

    Fixtures.Read read = Fixtures.read(raw.toByteArray(), "parallel");
    assertThat(read.documents().keySet()).containsExactlyInAnyOrderElementsOf(written.keySet());
    for (Map.Entry<Namespace, List<byte[]>> e : written.entrySet()) {
      List<byte[]> got = read.documents().get(e.getKey());
      assertThat(got).hasSameSizeAs(e.getValue());
      for (int i = 0; i < got.size(); i++) {
        assertThat(got.get(i)).isEqualTo(e.getValue().get(i));
      }
    }
    assertThat(out.namespaces()).containsExactlyInAnyOrderElementsOf(read.summary().namespaces());
    assertThat(segmentHeaders(raw.toByteArray()))
        .as("namespaces were interleaved in many segments")
        .isGreaterThan(4L * declared.size());
  }

  /** Counts the non-EOF namespace headers, i.e. the segments, with the low-level parser. */
  static long segmentHeaders(byte[] archive) throws Exception {
    BlockParser p = new BlockParser(new java.io.ByteArrayInputStream(archive));
    p.readMagic();
    boolean inPrelude = true;
    boolean atBlockStart = true;
    long headers = 0;
    int guard = 0;
    for (BlockParser.Item item = p.next(); item != BlockParser.Item.END; item = p.next()) {
      if (++guard > 10_000_000) {
        throw new AssertionError("parser does not end");
      }
      if (item == BlockParser.Item.TERMINATOR) {
        inPrelude = false;
        atBlockStart = true;
      } else if (!inPrelude && atBlockStart) {
        atBlockStart = false;
        if (!NamespaceHeader.decode(p.buffer(), p.length()).eof()) {
          headers++;
        }
      }
    }
    return headers;
  }

  private static long crcOf(List<byte[]> docs) throws IOException {
    Crc64 c = new Crc64();
    docs.forEach(d -> c.update(d, 0, d.length));
    return c.getValue();
  }
}
