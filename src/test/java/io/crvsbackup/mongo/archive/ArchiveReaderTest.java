package io.crvsbackup.mongo.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveReaderTest {

  @Test
  void walksEventsWithTheirOffsets() throws Exception {
    Namespace bar = new Namespace("test", "bar");
    try (ArchiveReader r = ArchiveReader.open(
        new ByteArrayInputStream(Fixtures.bytes(Fixtures.TEST_BAR)), "bar")) {
      assertThatThrownBy(r::document).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(r::summary).isInstanceOf(IllegalStateException.class);

      assertThat(r.next()).isEqualTo(ArchiveReader.Event.DOCUMENT);
      assertThat(r.namespace()).isEqualTo(new Namespace("admin", "system.version"));
      assertThat(r.offset()).isEqualTo(603);
      assertThat(r.next()).isEqualTo(ArchiveReader.Event.END_OF_NAMESPACE);
      assertThat(r.offset()).isEqualTo(666);
      assertThat(r.namespaceSummary().documents()).isEqualTo(1);
      assertThatThrownBy(r::documentBytes).isInstanceOf(IllegalStateException.class);

      assertThat(r.next()).isEqualTo(ArchiveReader.Event.DOCUMENT);
      assertThat(r.namespace()).isEqualTo(bar);
      ByteBuffer view = r.document();
      assertThat(view.remaining()).isEqualTo(35);
      assertThatThrownBy(() -> view.put(0, (byte) 1)).isInstanceOf(ReadOnlyBufferException.class);
      assertThat(r.rawDocument()).isEqualTo(
          BsonDocument.parse("{_id: {$oid: '58ffb124b721bc6c3234333c'}, foo: 'bar'}"));
      assertThatThrownBy(r::namespaceSummary).isInstanceOf(IllegalStateException.class);

      assertThat(r.next()).isEqualTo(ArchiveReader.Event.END_OF_NAMESPACE);
      assertThat(r.namespaceSummary())
          .isEqualTo(new NamespaceSummary(bar, 1, 35, -7824457949569593127L));
      assertThat(r.next()).isEqualTo(ArchiveReader.Event.END_OF_ARCHIVE);
      assertThat(r.next()).isEqualTo(ArchiveReader.Event.END_OF_ARCHIVE);
      assertThat(r.offset()).isEqualTo(896);
      assertThat(r.summary().documents()).isEqualTo(2);
    }
  }

  @Test
  void verifiesThenReadsAgainForTheRestore(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("timeseries.gz");
    Files.write(file, Fixtures.gzipMembers(Fixtures.bytes(Fixtures.TIMESERIES), 4096));

    ArchiveSummary verified = ArchiveReader.verify(file);
    long inserted = 0;
    try (ArchiveReader r = ArchiveReader.open(file)) {
      for (var e = r.next(); e != ArchiveReader.Event.END_OF_ARCHIVE; e = r.next()) {
        if (e == ArchiveReader.Event.DOCUMENT) {
          inserted++;
        }
        assertThat(inserted).isLessThan(1000);
      }
      assertThat(r.summary()).isEqualTo(verified);
    }
    assertThat(inserted).isEqualTo(verified.documents()).isEqualTo(11);
  }

  @Test
  void theStreamIsClosedWhenOpeningFails() {
    AtomicBoolean closed = new AtomicBoolean();
    InputStream in = new ByteArrayInputStream(Fixtures.bytes(Fixtures.BAD_FORMAT)) {
      @Override
      public void close() {
        closed.set(true);
      }
    };

    assertThatThrownBy(() -> ArchiveReader.open(in, "bad")).isInstanceOf(ArchiveException.class);
    assertThat(closed).isTrue();
  }
}
