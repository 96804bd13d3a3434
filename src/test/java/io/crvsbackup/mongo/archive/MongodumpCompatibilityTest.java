package io.crvsbackup.mongo.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Our writer, given what mongodump dumped, writes what mongodump wrote. */
class MongodumpCompatibilityTest {

  /** Copies an archive through our writer, opening namespaces in the order the source has them. */
  private static byte[] rewrite(byte[] source, ArchivePrelude prelude) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ArchiveReader r = ArchiveReader.open(new ByteArrayInputStream(source), "source")) {
      ArchiveWriter w = ArchiveWriter.create(out, "copy", prelude == null ? r.prelude() : prelude);
      Map<Namespace, NamespaceWriter> open = new HashMap<>();
      int guard = 0;
      for (ArchiveReader.Event e = r.next(); e != ArchiveReader.Event.END_OF_ARCHIVE; e = r.next()) {
        assertThat(++guard).isLessThan(100_000);
        NamespaceWriter nw = open.computeIfAbsent(r.namespace(), w::open);
        if (e == ArchiveReader.Event.DOCUMENT) {
          nw.write(r.document());
        } else {
          assertThat(nw.end()).isEqualTo(r.namespaceSummary());
        }
      }
      assertThat(w.finish().namespaces()).isEqualTo(r.summary().namespaces());
    }
    return out.toByteArray();
  }

  @ParameterizedTest
  @ValueSource(strings = {Fixtures.TEST_BAR, Fixtures.OPLOG, Fixtures.TIMESERIES})
  void rewritingAMongodumpArchiveGivesTheSameBytes(String name) throws Exception {
    byte[] original = Fixtures.bytes(name);

    assertThat(rewrite(original, null)).isEqualTo(original);
  }

  @Test
  void metadataBuiltFromTheServersAnswersIsWhatCurrentMongodumpWrites() throws Exception {
    ArchivePrelude dumped = Fixtures.read(Fixtures.bytes(Fixtures.TIMESERIES), "ts").prelude();

    for (CollectionMetadata m : dumped.collections()) {
      CollectionMetadata ours = CollectionMetadata.of(
          m.namespace(), m.type(), m.options(), m.indexes(),
          m.uuid().map(MongodumpCompatibilityTest::uuid).orElse(null));
      assertThat(ours.metadataJson()).as("%s", m).isEqualTo(m.metadataJson());
      assertThat(ours).isEqualTo(m);
    }
    ArchivePrelude ours = ArchivePrelude.of(
        dumped.serverVersion(), dumped.toolVersion(), dumped.concurrentCollections(),
        dumped.collections());
    byte[] original = Fixtures.bytes(Fixtures.TIMESERIES);
    assertThat(rewrite(original, ours)).isEqualTo(original);
  }

  @Test
  void anOlderArchiveRewrittenWithOurMetadataHasTheSameStructure() throws Exception {
    byte[] original = Fixtures.bytes(Fixtures.TEST_BAR);
    ArchivePrelude dumped = Fixtures.read(original, "bar").prelude();
    ArchivePrelude ours = ArchivePrelude.of(dumped.serverVersion(), dumped.toolVersion(),
        dumped.concurrentCollections(),
        dumped.collections().stream()
            .map(m -> CollectionMetadata.of(m.namespace(), m.type(), m.options(), m.indexes(), null))
            .toList());

    byte[] copy = rewrite(original, ours);

    Fixtures.Read a = Fixtures.read(original, "a");
    Fixtures.Read b = Fixtures.read(copy, "b");
    assertThat(copy).isNotEqualTo(original); // relaxed JSON and no type field became canonical
    assertThat(b.summary().namespaces()).isEqualTo(a.summary().namespaces());
    assertThat(b.endOrder()).isEqualTo(a.endOrder());
    for (CollectionMetadata m : a.prelude().collections()) {
      CollectionMetadata n = b.prelude().collection(m.namespace()).orElseThrow();
      assertThat(n.indexes()).isEqualTo(m.indexes());
      assertThat(n.options()).isEqualTo(m.options());
      assertThat(n.type()).isEqualTo(m.type());
    }
    assertThat(ArchiveRoundTripTest.segmentHeaders(copy))
        .isEqualTo(ArchiveRoundTripTest.segmentHeaders(original));
  }

  private static UUID uuid(String hex) {
    return new UUID(Long.parseUnsignedLong(hex.substring(0, 16), 16),
        Long.parseUnsignedLong(hex.substring(16), 16));
  }
}
