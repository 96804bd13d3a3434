package io.crvsbackup.mongo.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import org.bson.BsonBinary;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

class ArchiveWriterTest {
  private static final Namespace A = new Namespace("db", "a");
  private static final Namespace B = new Namespace("db", "b");
  private static final ArchivePrelude PRELUDE = ArchivePrelude.of("7.0.12", "test", 2, List.of(
      CollectionMetadata.of(A, CollectionMetadata.COLLECTION, new BsonDocument(), List.of(), null),
      CollectionMetadata.of(B, CollectionMetadata.COLLECTION, new BsonDocument(), List.of(), null)));

  @Test
  void documentsReachTheOutputOnceABatchIsFull() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int batch = 16 * 1024;
    ArchiveWriter w = ArchiveWriter.create(out, "flat", PRELUDE, batch);
    int afterPrelude = out.size();
    NamespaceWriter a = w.open(A);
    byte[] doc = Fixtures.bson(new BsonDocument("b", new BsonBinary(new byte[1000])));
    long given = 0;
    for (int i = 0; i < 500; i++) {
      a.write(doc);
      given += doc.length;
      assertThat(given - (out.size() - afterPrelude)).as("held back after %d", i).isLessThan(batch);
    }
    a.end();
    w.open(B).end();
    assertThat(w.finish().namespace(A).orElseThrow().documents()).isEqualTo(500);
  }

  @Test
  void aDocumentLargerThanTheBatchGoesStraightThrough() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ArchiveWriter w = ArchiveWriter.create(out, "big", PRELUDE, 64);
    byte[] small = Fixtures.bson("{_id: 1}");
    byte[] large = Fixtures.bson(new BsonDocument("b", new BsonBinary(new byte[500])));
    NamespaceWriter a = w.open(A);
    a.write(small);
    a.write(large);
    a.write(ByteBuffer.allocateDirect(small.length).put(small).flip());
    a.end();
    w.open(B).end();
    w.finish();

    Fixtures.Read read = Fixtures.read(out.toByteArray(), "big");
    assertThat(read.documents().get(A)).containsExactly(small, large, small);
  }

  @Test
  void malformedAndOversizedDocumentsAreRefused() throws Exception {
    NamespaceWriter a = ArchiveWriter.create(OutputStream.nullOutputStream(), "x", PRELUDE).open(A);
    byte[] doc = Fixtures.bson("{_id: 1}");
    byte[] noZero = doc.clone();
    noZero[noZero.length - 1] = 1;
    byte[] tooBig = Fixtures.bson(
        new BsonDocument("b", new BsonBinary(new byte[ArchiveFormat.MAX_WRITE_DOCUMENT_BYTES])));

    assertThatThrownBy(() -> a.write(doc, 0, doc.length - 1))
        .isInstanceOf(ArchiveException.class)
        .hasMessageStartingWith("cannot write namespace db.a to archive x: a document's length prefix");
    assertThatThrownBy(() -> a.write(new byte[4])).hasMessageContaining("shorter than");
    assertThatThrownBy(() -> a.write(noZero)).hasMessageContaining("does not end with a zero byte");
    assertThatThrownBy(() -> a.write(tooBig)).hasMessageContaining("which mongorestore refuses");
  }

  @Test
  void namespacesMustBeDeclaredOpenedOnceAndAllEnded() throws Exception {
    ArchiveWriter w = ArchiveWriter.create(OutputStream.nullOutputStream(), "x", PRELUDE);
    NamespaceWriter a = w.open(A);

    assertThatThrownBy(() -> w.open(new Namespace("db", "c")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a data namespace");
    assertThatThrownBy(() -> w.open(A)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(w::finish).isInstanceOf(ArchiveException.class)
        .hasMessage("cannot write archive x: declared namespaces were not written to their end:"
            + " db.a (not ended), db.b (never opened)");
    a.end();
    assertThatThrownBy(a::end).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> a.write(Fixtures.bson("{}"))).isInstanceOf(IllegalStateException.class);
    w.open(B).end();
    assertThat(w.finish().namespaces()).hasSize(2);
    assertThatThrownBy(w::finish).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aFailedWriteFailsEveryNamespaceAfterIt() throws Exception {
    OutputStream failing = new OutputStream() {
      private int writes;

      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        if (++writes > 7) {
          throw new IOException("No space left on device");
        }
      }
    };
    ArchiveWriter w = ArchiveWriter.create(failing, "full", PRELUDE, 64);
    NamespaceWriter a = w.open(A);
    NamespaceWriter b = w.open(B);
    byte[] doc = Fixtures.bson(new BsonDocument("b", new BsonBinary(new byte[100])));

    assertThatThrownBy(() -> {
      for (int i = 0; i < 10; i++) {
        a.write(doc);
      }
    }).isInstanceOf(IOException.class).hasMessage("No space left on device");
    assertThatThrownBy(() -> b.write(doc)).isInstanceOf(IOException.class)
        .hasMessage("an earlier write to archive full failed")
        .hasRootCauseMessage("No space left on device");
    assertThatThrownBy(b::end).isInstanceOf(IOException.class);
    assertThatThrownBy(w::finish).isInstanceOf(IOException.class);
  }

  @Test
  void anEmptyNamespaceIsAHeaderATerminatorAndItsEof() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ArchiveWriter w = ArchiveWriter.create(out, "x", PRELUDE);
    int start = out.size();
    w.open(A).end();
    byte[] header = new NamespaceHeader(A, false, 0).encode();
    byte[] eof = new NamespaceHeader(A, true, 0).encode();

    byte[] expected = new Fixtures.Raw().raw(header).terminator().raw(eof).terminator().toByteArray();
    byte[] all = out.toByteArray();
    assertThat(java.util.Arrays.copyOfRange(all, start, all.length)).isEqualTo(expected);
  }
}
