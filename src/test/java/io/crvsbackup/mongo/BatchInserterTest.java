package io.crvsbackup.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crvsbackup.job.EngineException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.BsonBinary;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.junit.jupiter.api.Test;

class BatchInserterTest {
  private static RawBsonDocument doc(int id, int padding) {
    return new RawBsonDocument(new BsonDocument("_id", new BsonInt32(id)).append("p", new BsonBinary(new byte[padding])),
        new BsonDocumentCodec());
  }

  /** Records every batch, and the most documents ever held by batches not yet inserted plus in flight. */
  private static final class Recording implements BatchInserter.Sink {
    final List<String> batches = Collections.synchronizedList(new ArrayList<>());
    final ConcurrentHashMap<String, List<Integer>> ids = new ConcurrentHashMap<>();
    final AtomicInteger concurrent = new AtomicInteger();
    final AtomicInteger maxConcurrent = new AtomicInteger();

    @Override
    public void insert(String collection, List<RawBsonDocument> documents, boolean ordered) {
      int now = concurrent.incrementAndGet();
      maxConcurrent.accumulateAndGet(now, Math::max);
      try {
        Thread.sleep(2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      batches.add(collection + ":" + documents.size() + (ordered ? ":ordered" : ""));
      documents.forEach(d -> ids.computeIfAbsent(collection, k -> Collections.synchronizedList(new ArrayList<>()))
          .add(d.getInt32("_id").getValue()));
      concurrent.decrementAndGet();
    }
  }

  @Test
  void everyDocumentArrivesInBatchesOfBoundedSizeOnBoundedThreads() throws Exception {
    Recording sink = new Recording();
    Tuning t = Tuning.DEFAULTS.withInsertBatch(10, 1 << 20, 1 << 30);
    try (BatchInserter in = new BatchInserter(sink, t, 3, "test")) {
      for (int i = 0; i < 1000; i++) {
        in.add(i % 2 == 0 ? "a" : "b", doc(i, 10), false);
      }
      in.finish();
    }
    assertThat(sink.ids.get("a")).hasSize(500);
    assertThat(sink.ids.get("b")).hasSize(500);
    assertThat(sink.batches).allSatisfy(b -> assertThat(b).endsWith(":10"));
    assertThat(sink.maxConcurrent.get()).isBetween(1, 3);
  }

  @Test
  void waitingDocumentsStayUnderTheLimitHoweverCollectionsInterleave() throws Exception {
    Recording sink = new Recording();
    Tuning t = Tuning.DEFAULTS.withInsertBatch(1000, 1 << 20, 10_000);
    try (BatchInserter in = new BatchInserter(sink, t, 2, "test")) {
      for (int i = 0; i < 2000; i++) {
        in.add("c" + (i % 50), doc(i, 100), false);
      }
      in.finish();
    }
    int total = sink.ids.values().stream().mapToInt(List::size).sum();
    assertThat(total).isEqualTo(2000);
    // ~115-byte documents and a 10 000-byte limit: no batch can hold more than the limit allows
    assertThat(sink.batches).allSatisfy(b -> assertThat(Integer.parseInt(b.split(":")[1])).isLessThanOrEqualTo(88));
  }

  @Test
  void cappedCollectionsKeepTheirOrder() throws Exception {
    Recording sink = new Recording();
    Tuning t = Tuning.DEFAULTS.withInsertBatch(7, 1 << 20, 1 << 30);
    try (BatchInserter in = new BatchInserter(sink, t, 4, "test")) {
      for (int i = 0; i < 100; i++) {
        in.add("log", doc(i, 1), true);
      }
      in.finish();
    }
    List<Integer> expected = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      expected.add(i);
    }
    assertThat(sink.ids.get("log")).isEqualTo(expected);
    assertThat(sink.batches).allSatisfy(b -> assertThat(b).endsWith(":ordered"));
  }

  @Test
  void theFirstFailureStopsTheRestore() {
    BatchInserter.Sink failing = (c, docs, ordered) -> {
      throw new EngineException("insert into db." + c + " on h:1: E11000 duplicate key");
    };
    assertThatThrownBy(() -> {
          try (BatchInserter in = new BatchInserter(failing, Tuning.DEFAULTS.withInsertBatch(5, 1 << 20, 1 << 30), 2, "t")) {
            for (int i = 0; i < 1000; i++) {
              in.add("Patient", doc(i, 1), false);
            }
            in.finish();
          }
        })
        .isInstanceOf(EngineException.class)
        .hasMessage("insert into db.Patient on h:1: E11000 duplicate key");
  }
}
