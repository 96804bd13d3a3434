package io.crvsbackup.offsite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Our tar writer and reader: names of every length, sizes at block edges, damage and unsafe names. */
class TarTest {
  private static byte[] tar(Map<String, byte[]> files) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TarWriter w = new TarWriter(out);
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      w.begin(f.getKey(), f.getValue().length, 1_790_000_000L);
      w.write(f.getValue(), 0, f.getValue().length);
      w.end();
    }
    w.finish();
    return out.toByteArray();
  }

  private static Map<String, byte[]> untar(byte[] tar) throws Exception {
    TarReader r = new TarReader(new ByteArrayInputStream(tar));
    Map<String, byte[]> out = new LinkedHashMap<>();
    for (TarReader.Entry e = r.next(); e != null; e = r.next()) {
      out.put(e.name(), r.entryStream().readAllBytes());
      assertThat(e.type()).isEqualTo(TarReader.Type.FILE);
    }
    return out;
  }

  @ParameterizedTest(name = "name of {0} characters")
  @ValueSource(ints = {1, 99, 100, 101, 154, 200, 254, 300})
  void namesOfAnyLengthRoundTrip(int length) throws Exception {
    String name = "mongo/" + "n".repeat(Math.max(1, length - 6));
    Map<String, byte[]> files = Map.of(name, "x".getBytes(StandardCharsets.UTF_8));

    assertThat(untar(tar(files))).containsOnlyKeys(name);
  }

  @Test
  void aNameWithoutASlashOverAHundredBytesGoesIntoAPaxHeader() throws Exception {
    String name = "m".repeat(150);

    byte[] t = tar(Map.of(name, new byte[] {1}));

    assertThat(new String(t, 0, 512, StandardCharsets.US_ASCII)).contains("PaxHeaders/");
    assertThat(untar(t)).containsOnlyKeys(name);
  }

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {0, 1, 511, 512, 513, 100_000})
  void contentAtBlockEdgesRoundTrips(int size) throws Exception {
    byte[] b = EncryptionTest.random(size);
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("a/first", b);
    files.put("b/second", "after".getBytes(StandardCharsets.UTF_8));

    Map<String, byte[]> back = untar(tar(files));

    assertThat(back.get("a/first")).isEqualTo(b);
    assertThat(back.get("b/second")).isEqualTo("after".getBytes(StandardCharsets.UTF_8));
    assertThat(tar(files).length % 512).isZero();
  }

  @Test
  void paxRecordsCountTheirOwnLength() {
    assertThat(TarWriter.record("path", "abc")).isEqualTo("12 path=abc\n");
    String r = TarWriter.record("path", "p".repeat(90));
    assertThat(r).hasSize(Integer.parseInt(r.substring(0, r.indexOf(' '))));
    String edge = TarWriter.record("k", "v".repeat(93));
    assertThat(edge).hasSize(Integer.parseInt(edge.substring(0, edge.indexOf(' '))));
  }

  @Test
  void aDamagedHeaderIsRefused() throws Exception {
    byte[] t = tar(Map.of("mongo/a.gz", new byte[] {1, 2, 3}));
    t[3] ^= 0x01;

    assertThatThrownBy(() -> untar(t)).isInstanceOf(TarReader.TarException.class).hasMessageContaining("checksum");
  }

  @Test
  void aTruncatedStreamIsRefused() throws Exception {
    byte[] t = tar(Map.of("mongo/a.gz", new byte[2000]));
    byte[] cut = java.util.Arrays.copyOf(t, 1000);

    assertThatThrownBy(() -> untar(cut)).isInstanceOf(TarReader.TarException.class).hasMessageContaining("truncated");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"/etc/passwd", "../outside", "mongo/../../etc/x", "a/../../b"})
  void unsafeNamesAreRefused(String name) {
    assertThatThrownBy(() -> TarReader.safe(name)).isInstanceOf(TarReader.TarException.class)
        .hasMessageContaining("unsafe");
  }

  @Test
  void leadingDotSlashIsRemovedAsGnuTarWritesIt() throws Exception {
    assertThat(TarReader.safe("./mongo/a.gz")).isEqualTo("mongo/a.gz");
    assertThat(TarReader.safe("./")).isEqualTo(".");
    assertThat(TarReader.safe("./influxdb/")).isEqualTo("influxdb");
  }
}
