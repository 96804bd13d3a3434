package io.crvsbackup.mongo.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

/** Every way an archive can be broken is refused, with the archive, namespace and offset named. */
class CorruptArchiveTest {
  private static final byte[] D1 = Fixtures.bson("{_id: 1}");
  private static final byte[] D2 = Fixtures.bson("{_id: 2, s: 'x'}");
  private static final long CRC = crc(D1, D2);

  private static long crc(byte[]... docs) {
    Crc64 c = new Crc64();
    for (byte[] d : docs) {
      c.update(d, 0, d.length);
    }
    return c.getValue();
  }

  private static Fixtures.Raw prelude() {
    return new Fixtures.Raw().magic().header("7.0.0").declare("db", "c").terminator();
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> assertRejected(byte[] archive) {
    return assertThatThrownBy(() -> Fixtures.read(archive, "x.archive"))
        .isInstanceOf(ArchiveException.class)
        .hasMessageStartingWith("corruption found in archive x.archive");
  }

  @Test
  void theHandBuiltArchiveIsValid() throws Exception {
    byte[] good = prelude().ns("db", "c").raw(D1).raw(D2).terminator()
        .eof("db", "c", CRC).terminator().toByteArray();

    assertThat(Fixtures.read(good, "x").summary().namespaces())
        .containsExactly(new NamespaceSummary(new Namespace("db", "c"), 2, D1.length + D2.length, CRC));
  }

  @Test
  void aFlippedByteInADocumentIsACrcMismatchAtTheEofHeader() {
    byte[] archive = Fixtures.bytes(Fixtures.TEST_BAR);
    archive[796 + 30] ^= 0x01; // inside the string "bar" of test.bar's only document

    assertThatThrownBy(() -> Fixtures.read(archive, Fixtures.TEST_BAR))
        .isInstanceOf(ArchiveException.class)
        .hasMessage("corruption found in archive test.bar.archive, namespace test.bar, at byte offset"
            + " 835: CRC mismatch: the EOF header says -7824457949569593127 but the namespace's 1"
            + " documents (35 bytes) give " + Crc64.of(Arrays.copyOfRange(archive, 796, 831)))
        .satisfies(e -> {
          ArchiveException a = (ArchiveException) e;
          assertThat(a.namespace()).hasValue(new Namespace("test", "bar"));
          assertThat(a.offset()).isEqualTo(835);
          assertThat(a.archive()).isEqualTo(Fixtures.TEST_BAR);
        });
  }

  @Test
  void aFlippedByteInAGzippedArchiveIsRefused() {
    byte[] gz = Fixtures.gzip(Fixtures.bytes(Fixtures.OPLOG));
    for (int at = 20; at < gz.length - 8; at += 97) {
      byte[] bad = gz.clone();
      bad[at] ^= 0x10;
      assertRejected(bad);
    }
  }

  @Test
  void everyTruncationOfAMongodumpArchiveIsRefused() {
    byte[] archive = Fixtures.bytes(Fixtures.TEST_BAR);
    for (int cut = 0; cut < archive.length; cut++) {
      int n = cut;
      assertRejected(Arrays.copyOf(archive, cut))
          .as("cut at %d", cut)
          .satisfies(e -> assertThat(((ArchiveException) e).offset()).isBetween(0L, (long) n));
    }
  }

  @Test
  void everyTruncationOfAGzippedInterleavedArchiveIsRefused() throws Exception {
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    ArchivePrelude p = ArchivePrelude.of("7.0.0", "t", 2, List.of(
        CollectionMetadata.of(new Namespace("a", "x"), "collection", new BsonDocument(), List.of(), null),
        CollectionMetadata.of(new Namespace("a", "y"), "collection", new BsonDocument(), List.of(), null),
        CollectionMetadata.of(new Namespace("a", "v"), "view", BsonDocument.parse("{viewOn: 'x'}"),
            List.of(), null)));
    ArchiveWriter w = ArchiveWriter.create(raw, "t", p, 64);
    NamespaceWriter x = w.open(new Namespace("a", "x"));
    NamespaceWriter y = w.open(new Namespace("a", "y"));
    for (int i = 0; i < 20; i++) {
      (i % 3 == 0 ? y : x).write(Fixtures.bson("{_id: " + i + "}"));
    }
    x.end();
    w.open(new Namespace("a", "v")).end();
    y.end();
    w.finish();
    byte[] whole = raw.toByteArray();
    assertThat(ArchiveRoundTripTest.segmentHeaders(whole)).isGreaterThan(3);
    for (int cut = 0; cut < whole.length; cut++) {
      assertRejected(Arrays.copyOf(whole, cut)).as("raw cut at %d", cut);
    }
    byte[] gz = Fixtures.gzipMembers(whole, 100);
    for (int cut = 0; cut < gz.length; cut++) {
      assertRejected(Arrays.copyOf(gz, cut)).as("gzip cut at %d", cut);
    }
    assertThat(Fixtures.read(gz, "t").summary().documents()).isEqualTo(20);
  }

  @Test
  void aWrongMagicNumberIsNotAnArchive() {
    byte[] archive = Fixtures.bytes(Fixtures.TEST_BAR);
    archive[0] = 0x6e;

    assertRejected(archive).hasMessage("corruption found in archive x.archive, at byte offset 0:"
        + " not a mongodump archive: it starts with 0x8199e26e, not the magic number 0x8199e26d");
    assertRejected(new byte[0]).hasMessageEndingWith("the archive is empty");
    assertRejected(Fixtures.bson("{a: 1}")).hasMessageContaining("not a mongodump archive");
  }

  @Test
  void aMissingTerminatorIsRefused() {
    byte[] afterEof = prelude().ns("db", "c").raw(D1).raw(D2).terminator()
        .eof("db", "c", CRC).ns("db", "c").toByteArray();
    byte[] atEnd = prelude().ns("db", "c").raw(D1).raw(D2).toByteArray();
    byte[] preludeUnended = new Fixtures.Raw().magic().header("7.0.0").declare("db", "c")
        .toByteArray();

    assertRejected(afterEof).hasMessageContaining("namespace db.c")
        .hasMessageContaining("a document follows the namespace's EOF header");
    assertRejected(atEnd).hasMessageContaining("namespace db.c")
        .hasMessageContaining("the archive ends inside a block (no terminator)");
    assertRejected(preludeUnended).hasMessageContaining("ends inside the prelude");
  }

  @Test
  void aMissingEofIsRefused() {
    byte[] noEof = prelude().ns("db", "c").raw(D1).raw(D2).terminator().toByteArray();
    byte[] neverSeen = prelude().toByteArray();

    assertRejected(noEof).hasMessage("corruption found in archive x.archive, namespace db.c, at byte"
        + " offset " + noEof.length + ": the archive ends before the namespace's EOF");
    assertRejected(neverSeen).hasMessageContaining("namespace db.c")
        .hasMessageContaining("the declared namespace never appeared");
  }

  @Test
  void documentLengthsOutOfBoundsAreRefused() {
    int offset = prelude().ns("db", "c").size();
    for (int length : new int[] {0, 4, ArchiveFormat.MAX_READ_DOCUMENT_BYTES + 1, Integer.MAX_VALUE,
        0xfffffffe}) {
      byte[] archive = prelude().ns("db", "c").raw(ArchiveFormat.intLe(length)).raw(new byte[64])
          .toByteArray();
      assertRejected(archive).as("length %d", length)
          .hasMessageContaining("namespace db.c, at byte offset " + offset)
          .hasMessageContaining(Integer.toUnsignedString(length) + " is neither a document length");
    }
  }

  @Test
  void aDocumentThatDoesNotEndInZeroIsRefused() {
    byte[] bad = D2.clone();
    bad[bad.length - 1] = 1;

    assertRejected(prelude().ns("db", "c").raw(bad).terminator().toByteArray())
        .hasMessageContaining("does not end with a zero byte");
  }

  @Test
  void blocksThatBreakTheRulesAreRefused() {
    assertRejected(prelude().terminator().toByteArray())
        .hasMessageContaining("two terminators in a row");
    assertRejected(prelude().ns("db", "other").terminator().toByteArray())
        .hasMessageContaining("namespace db.other").hasMessageContaining("not declared");
    assertRejected(prelude().ns("db", "c").terminator().eof("db", "c", 0).terminator()
        .ns("db", "c").raw(D1).terminator().toByteArray())
        .hasMessageContaining("appears again after its EOF");
    assertRejected(prelude().doc("{db: 'db', collection: 'c', EOF: false, CRC: 0}").terminator()
        .toByteArray())
        .hasMessageContaining("field 'CRC' is BSON INT32");
    assertRejected(prelude().doc("{db: 'db', collection: 'c', EOF: false, extra: 1}").terminator()
        .toByteArray())
        .hasMessageContaining("unknown field 'extra'");
    assertRejected(prelude().doc("{db: 'db', EOF: false}").terminator().toByteArray())
        .hasMessageContaining("names no collection");
    assertRejected(prelude().raw(new byte[] {9, 0, 0, 0, 0x7f, 0, 0, 0, 0}).terminator()
        .toByteArray())
        .hasMessageContaining("not a valid BSON document");
  }

  @Test
  void aBrokenPreludeIsRefused() {
    assertRejected(new Fixtures.Raw().magic().terminator().toByteArray())
        .hasMessageContaining("the prelude has no header document");
    assertRejected(new Fixtures.Raw().magic().header("7.0.0").declare("db", "c").declare("db", "c")
        .terminator().toByteArray())
        .hasMessageContaining("db.c is declared twice");
    assertRejected(new Fixtures.Raw().magic().header("7.0.0")
        .doc("{db: 'db', collection: 'c', metadata: '{\"indexes\": 5}'}").terminator().toByteArray())
        .hasMessageContaining("namespace db.c").hasMessageContaining("collection metadata");
  }

  @Test
  void aReaderStaysBrokenAfterAnError() throws Exception {
    byte[] archive = prelude().ns("db", "c").raw(D1).raw(D2).terminator()
        .eof("db", "c", CRC + 1).terminator().toByteArray();
    try (ArchiveReader r = ArchiveReader.open(new java.io.ByteArrayInputStream(archive), "x")) {
      assertThat(r.next()).isEqualTo(ArchiveReader.Event.DOCUMENT);
      assertThat(r.next()).isEqualTo(ArchiveReader.Event.DOCUMENT);
      ArchiveException first = org.junit.jupiter.api.Assertions.assertThrows(
          ArchiveException.class, r::next);
      assertThatThrownBy(r::next).isSameAs(first);
    }
  }
}
