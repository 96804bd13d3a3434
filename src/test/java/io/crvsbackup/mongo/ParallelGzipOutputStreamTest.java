package io.crvsbackup.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

class ParallelGzipOutputStreamTest {

  /** Compressible but not trivial input: text-like bytes from a fixed seed. */
  private static byte[] input(int size) {
    Random r = new Random(7);
    byte[] b = new byte[size];
    String words = "resourceType Patient Composition Task Observation given family birthDate status ";
    for (int i = 0; i < size; i++) {
      b[i] = r.nextInt(10) == 0 ? (byte) r.nextInt(256) : (byte) words.charAt(r.nextInt(words.length()));
    }
    return b;
  }

  private static byte[] compress(byte[] in, int threads, int chunk, int writeSize) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream gz = new ParallelGzipOutputStream(out, threads, chunk, 6)) {
      for (int off = 0; off < in.length; off += writeSize) {
        gz.write(in, off, Math.min(writeSize, in.length - off));
      }
    }
    return out.toByteArray();
  }

  /**
   * Splits a gzip stream into its members with a decoder of our own (header, raw inflate, trailer),
   * checking each member's CRC-32 and size; returns each member's uncompressed bytes.
   */
  private static List<byte[]> members(byte[] gz) throws Exception {
    List<byte[]> members = new ArrayList<>();
    int pos = 0;
    while (pos < gz.length) {
      assertThat(gz[pos] & 0xff).isEqualTo(0x1f);
      assertThat(gz[pos + 1] & 0xff).isEqualTo(0x8b);
      assertThat(gz[pos + 2]).isEqualTo((byte) 8);
      assertThat(gz[pos + 3]).as("no optional header fields").isZero();
      Inflater inflater = new Inflater(true);
      inflater.setInput(gz, pos + 10, gz.length - pos - 10);
      ByteArrayOutputStream data = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      while (!inflater.finished()) {
        int n = inflater.inflate(buf);
        assertThat(n > 0 || !inflater.needsInput()).as("member %d is truncated", members.size()).isTrue();
        data.write(buf, 0, n);
      }
      int trailer = gz.length - inflater.getRemaining();
      inflater.end();
      CRC32 crc = new CRC32();
      crc.update(data.toByteArray());
      assertThat(intLe(gz, trailer)).isEqualTo((int) crc.getValue());
      assertThat(intLe(gz, trailer + 4)).isEqualTo(data.size());
      members.add(data.toByteArray());
      pos = trailer + 8;
    }
    return members;
  }

  private static int intLe(byte[] b, int p) {
    return (b[p] & 0xff) | (b[p + 1] & 0xff) << 8 | (b[p + 2] & 0xff) << 16 | (b[p + 3] & 0xff) << 24;
  }

  @Test
  void cutsTheInputIntoOneMemberPerChunkInOrder() throws Exception {
    byte[] in = input(1_000_000);
    byte[] gz = compress(in, 4, 64 * 1024, 10_000);

    List<byte[]> members = members(gz);
    assertThat(members).hasSize(16); // 15 full chunks of 65,536 bytes and the remaining 16,960
    ByteArrayOutputStream joined = new ByteArrayOutputStream();
    for (int i = 0; i < members.size(); i++) {
      assertThat(members.get(i).length).isEqualTo(i < 15 ? 65_536 : 1_000_000 - 15 * 65_536);
      joined.write(members.get(i));
    }
    assertThat(joined.toByteArray()).isEqualTo(in);
    ByteArrayOutputStream single = new ByteArrayOutputStream();
    try (OutputStream o = new java.util.zip.GZIPOutputStream(single)) {
      o.write(in);
    }
    assertThat(gz.length).as("compressed as well as one gzip stream, within 5%%")
        .isLessThan(single.size() * 105 / 100).isLessThan(in.length);
  }

  @Test
  void theJdkGzipReaderReadsTheMembersAsOneStream() throws Exception {
    byte[] in = input(300_000);
    byte[] gz = compress(in, 3, 50_000, 7_777);
    try (GZIPInputStream r = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      assertThat(r.readAllBytes()).isEqualTo(in);
    }
  }

  @Test
  void theOutputDependsOnlyOnTheInputNotOnThreadsOrWriteSizes() throws Exception {
    byte[] in = input(700_000);
    byte[] one = compress(in, 1, 100_000, 1);
    assertThat(compress(in, 4, 100_000, 65_536)).isEqualTo(one);
    assertThat(compress(in, 2, 100_000, 700_000)).isEqualTo(one);
  }

  @Test
  void anEmptyInputIsOneEmptyMember() throws Exception {
    byte[] gz = compress(new byte[0], 2, 1024, 1);
    assertThat(members(gz)).hasSize(1).allSatisfy(m -> assertThat(m).isEmpty());
    try (GZIPInputStream r = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      assertThat(r.readAllBytes()).isEmpty();
    }
  }

  @Test
  void aFailingOutputFailsTheWriterAndEveryLaterCall() {
    OutputStream full = new OutputStream() {
      private int written;

      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        if (written + len > 20_000) {
          throw new IOException("No space left on device");
        }
        written += len;
      }
    };
    ParallelGzipOutputStream gz = new ParallelGzipOutputStream(full, 2, 10_000, 6);
    byte[] random = new byte[10_000];
    new Random(1).nextBytes(random); // incompressible: every member is larger than 10,000 bytes
    assertThatThrownBy(() -> {
      for (int i = 0; i < 100; i++) {
        gz.write(random);
      }
      gz.close();
    }).isInstanceOf(IOException.class).hasMessageContaining("No space left on device");
    assertThatThrownBy(() -> gz.write(1)).isInstanceOf(IOException.class)
        .hasMessageContaining("compression failed earlier");
  }

  @Test
  void refusesNonsenseSettings() {
    OutputStream sink = OutputStream.nullOutputStream();
    assertThatThrownBy(() -> new ParallelGzipOutputStream(sink, 0, 1024, 6))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ParallelGzipOutputStream(sink, 1, 1024, 10))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
