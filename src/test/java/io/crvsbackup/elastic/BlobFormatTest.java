package io.crvsbackup.elastic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlobFormatTest {
  @TempDir Path dir;
  private final JsonNode content = EsNode.JSON.createObjectNode().put("name", "snapshot_2026-11-25").put("n", 3);

  @Test
  void readsCompressedAndPlainMetadataBlobs() throws Exception {
    assertThat(BlobFormat.parseMetadata(TestBlobs.metadata("snapshot", content, true))).isEqualTo(content);
    assertThat(BlobFormat.parseMetadata(TestBlobs.metadata("snapshots", content, false))).isEqualTo(content);
  }

  @Test
  void aChangedByteIsACorruptedBlob() throws Exception {
    byte[] b = TestBlobs.metadata("snapshot", content, true);
    b[b.length / 2] ^= 1;

    assertThatThrownBy(() -> BlobFormat.parseMetadata(b)).isInstanceOf(BlobFormat.BadBlob.class)
        .hasMessageStartingWith("is corrupted: its checksum is");
  }

  @Test
  void aTruncatedBlobHasNoFooter() throws Exception {
    byte[] b = TestBlobs.metadata("snapshot", content, true);

    assertThatThrownBy(() -> BlobFormat.parseMetadata(Arrays.copyOf(b, b.length - 3)))
        .hasMessageStartingWith("does not end with a Lucene footer");
    assertThatThrownBy(() -> BlobFormat.parseMetadata(new byte[5])).hasMessageContaining("shorter than a Lucene footer");
  }

  @Test
  void aBlobWithoutTheCodecHeaderIsRefused() {
    byte[] b = TestBlobs.withFooter("{\"not\":\"a blob\"}".getBytes());

    assertThatThrownBy(() -> BlobFormat.parseMetadata(b)).hasMessage("does not start with a Lucene codec header");
  }

  @Test
  void checksADataBlobSplitInPartsAgainstItsMetadata() throws Exception {
    byte[] data = TestBlobs.withFooter("segment bytes of a lucene file, long enough to split".getBytes());
    Path p0 = Files.write(dir.resolve("__a.part0"), Arrays.copyOfRange(data, 0, 30));
    Path p1 = Files.write(dir.resolve("__a.part1"), Arrays.copyOfRange(data, 30, data.length));
    CRC32 crc = new CRC32();
    crc.update(data, 0, data.length - 8);
    String checksum = Long.toString(crc.getValue(), Character.MAX_RADIX);

    BlobFormat.checkData(List.of(p0, p1), data.length, checksum);

    assertThatThrownBy(() -> BlobFormat.checkData(List.of(p0, p1), data.length, "zzz"))
        .hasMessageContaining("the shard metadata says zzz");
    assertThatThrownBy(() -> BlobFormat.checkData(List.of(p0), data.length, checksum))
        .hasMessageContaining("holds 30 bytes, the shard metadata says " + data.length);
    byte[] bad = data.clone();
    bad[3] ^= 1;
    Files.write(p0, Arrays.copyOfRange(bad, 0, 30));
    assertThatThrownBy(() -> BlobFormat.checkData(List.of(p0, p1), data.length, checksum))
        .hasMessageStartingWith("is corrupted");
  }
}
