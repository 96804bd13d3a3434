package io.crvsbackup.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TarStreamTest {
  /** The tar inside influxd 1.6.7's shard file: one TSM file named crvs_fixture/autogen/1/... */
  static byte[] influxdTar() throws IOException {
    Map<String, String> f = Fixtures.INFLUXD_1_6_7;
    byte[] gz = Fixtures.bytes(f, Fixtures.name(f, ".s1.tar.gz"));
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      return in.readAllBytes();
    }
  }

  @Test
  void copiesARealShardExportByteForByte() throws Exception {
    byte[] tar = influxdTar();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TarStream.Summary s = TarStream.copy(new ByteArrayInputStream(tar), out, "shard 1");
    assertThat(out.toByteArray()).isEqualTo(tar);
    assertThat(s.bytes()).isEqualTo(2048).isEqualTo(tar.length);
    assertThat(s.files()).isEqualTo(1);
    assertThat(names(tar)).containsExactly("crvs_fixture/autogen/1/000000001-000000001.tsm");
  }

  @ParameterizedTest
  @ValueSource(ints = {100, 512, 700, 1023, 1024, 1536})
  void refusesATarCutAnywhere(int length) throws Exception {
    byte[] cut = Arrays.copyOf(influxdTar(), length);
    assertThatThrownBy(() -> TarStream.copy(new ByteArrayInputStream(cut), OutputStream.nullOutputStream(), "shard 1"))
        .isInstanceOf(FormatException.class)
        .hasMessageStartingWith("shard 1 is truncated");
  }

  @Test
  void refusesAnEmptyAnswerAsTheServer() {
    assertThatThrownBy(() -> TarStream.copy(InputStream.nullInputStream(), OutputStream.nullOutputStream(),
            "the export of shard 9"))
        .isInstanceOf(FormatException.class)
        .hasMessage("the export of shard 9 is empty: the server sent no data (see the influxd log)");
  }

  @Test
  void refusesACorruptedHeader() throws Exception {
    byte[] tar = influxdTar();
    tar[10] ^= 1;
    assertThatThrownBy(() -> TarStream.copy(new ByteArrayInputStream(tar), OutputStream.nullOutputStream(), "s"))
        .isInstanceOf(FormatException.class)
        .hasMessage("s is corrupted: the tar header at byte 0 has a bad checksum");
  }

  @Test
  void refusesDataAfterTheEndButTakesZeroPadding() throws Exception {
    byte[] tar = influxdTar();
    byte[] padded = Arrays.copyOf(tar, tar.length + 8192);
    assertThat(TarStream.copy(new ByteArrayInputStream(padded), OutputStream.nullOutputStream(), "s").bytes())
        .isEqualTo(padded.length);
    byte[] garbage = Arrays.copyOf(tar, tar.length + 10);
    garbage[tar.length + 3] = 7;
    assertThatThrownBy(() -> TarStream.copy(new ByteArrayInputStream(garbage), OutputStream.nullOutputStream(), "s"))
        .isInstanceOf(FormatException.class)
        .hasMessageContaining("has data after its end-of-archive marker");
  }

  @Test
  void renamesEntriesAndKeepsEverythingElse() throws Exception {
    byte[] tar = influxdTar();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TarStream.rename(new ByteArrayInputStream(tar), out, n -> InfluxRestore.renamed(n, "copy", 42), "s");
    byte[] renamed = out.toByteArray();
    assertThat(names(renamed)).containsExactly("copy/autogen/42/000000001-000000001.tsm");
    assertThat(renamed).hasSameSizeAs(tar);
    // the same content, mode, times, owner; only name and checksum differ
    assertThat(Arrays.copyOfRange(renamed, 512, renamed.length)).isEqualTo(Arrays.copyOfRange(tar, 512, tar.length));
    assertThat(Arrays.copyOfRange(renamed, 100, 148)).isEqualTo(Arrays.copyOfRange(tar, 100, 148));
    assertThat(Arrays.copyOfRange(renamed, 156, 512)).isEqualTo(Arrays.copyOfRange(tar, 156, 512));
  }

  @Test
  void longNamesGoIntoThePrefixFieldOrAPaxRecord() throws Exception {
    String longAscii = "a".repeat(120) + "/autogen/7/000000001-000000001.tsm";
    String unicode = "crvs rt \"two\" é/autogen/7/000000001-000000001.tsm";
    String unsplittable = "b".repeat(150) + "/autogen/7/" + "c".repeat(101) + ".tsm";
    for (String name : List.of(longAscii, unicode, unsplittable)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      TarStream.rename(new ByteArrayInputStream(influxdTar()), out, n -> name, "s");
      assertThat(names(out.toByteArray())).containsExactly(name);
    }
  }

  @Test
  void readsGnuLongNamesAndPaxPaths() throws Exception {
    String name = "db/rp/1/" + "x".repeat(140) + ".tsm";
    byte[] content = "tsm".getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream gnu = new ByteArrayOutputStream();
    byte[] nameBytes = (name + "\0").getBytes(StandardCharsets.UTF_8);
    gnu.write(header("././@LongLink", nameBytes.length, 'L'));
    gnu.write(padded(nameBytes));
    gnu.write(header("db/rp/1/short", content.length, '0'));
    gnu.write(padded(content));
    gnu.write(new byte[1024]);
    assertThat(names(gnu.toByteArray())).containsExactly(name);

    ByteArrayOutputStream pax = new ByteArrayOutputStream();
    byte[] records = TarStream.encodePax(new java.util.LinkedHashMap<>(Map.of("path", name)));
    pax.write(header("PaxHeaders.0/x", records.length, 'x'));
    pax.write(padded(records));
    pax.write(header("db/rp/1/short", content.length, '0'));
    pax.write(padded(content));
    pax.write(new byte[1024]);
    assertThat(names(pax.toByteArray())).containsExactly(name);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 89, 90, 91, 92, 93, 994, 995, 996})
  void paxRecordLengthsCountThemselves(int n) {
    String r = new String(TarStream.encodePax(Map.of("path", "a".repeat(n))), StandardCharsets.UTF_8);
    assertThat(r).endsWith(" path=" + "a".repeat(n) + "\n");
    assertThat(Integer.parseInt(r.substring(0, r.indexOf(' ')))).isEqualTo(r.length());
  }

  /** The entry names, read by renaming each to itself. */
  static List<String> names(byte[] tar) throws IOException {
    List<String> names = new ArrayList<>();
    TarStream.rename(new ByteArrayInputStream(tar), OutputStream.nullOutputStream(), n -> {
      names.add(n);
      return n;
    }, "tar");
    return names;
  }

  private static byte[] header(String name, long size, char type) {
    byte[] h = new byte[512];
    System.arraycopy("ustar\u000000".getBytes(StandardCharsets.US_ASCII), 0, h, 257, 8);
    TarHeader.setName(h, name);
    byte[] s = String.format("%011o", size).getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(s, 0, h, 124, s.length);
    byte[] mode = "0000644".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(mode, 0, h, 100, mode.length);
    h[156] = (byte) type;
    TarHeader.writeChecksum(h);
    return h;
  }

  private static byte[] padded(byte[] b) {
    return Arrays.copyOf(b, (b.length + 511) / 512 * 512);
  }
}
