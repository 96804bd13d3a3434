package io.crvsbackup.mongo.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.junit.jupiter.api.Test;

class GzipMembersInputStreamTest {
  private static final byte[] DATA = data(20_000);

  private static byte[] data(int n) {
    byte[] b = new byte[n];
    Random random = new Random(3);
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (random.nextInt(16) + 'a'); // compressible, but not trivially
    }
    return b;
  }

  private static byte[] gunzip(byte[] gz) throws IOException {
    try (InputStream in = new GzipMembersInputStream(new ByteArrayInputStream(gz))) {
      return in.readAllBytes();
    }
  }

  @Test
  void readsOneMemberLikeTheJdk() throws Exception {
    byte[] gz = Fixtures.gzip(DATA);

    assertThat(gunzip(gz)).isEqualTo(DATA);
    assertThat(new GZIPInputStream(new ByteArrayInputStream(gz)).readAllBytes()).isEqualTo(DATA);
  }

  @Test
  void readsManyMembersOfAnySize() throws Exception {
    for (int member : new int[] {1, 2, 100, 4096, 65_536}) {
      assertThat(gunzip(Fixtures.gzipMembers(DATA, member))).as("members of %d", member)
          .isEqualTo(DATA);
    }
  }

  @Test
  void readsEmptyMembersAndAnEmptyStream() throws Exception {
    byte[] empty = Fixtures.gzip(new byte[0]);
    byte[] one = Fixtures.gzip(DATA);
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    all.writeBytes(empty);
    all.writeBytes(one);
    all.writeBytes(empty);
    all.writeBytes(one);

    assertThat(gunzip(empty)).isEmpty();
    byte[] twice = Arrays.copyOf(DATA, DATA.length * 2);
    System.arraycopy(DATA, 0, twice, DATA.length, DATA.length);
    assertThat(gunzip(all.toByteArray())).isEqualTo(twice);
  }

  @Test
  void readsOneByteAtATime() throws Exception {
    try (InputStream in = new GzipMembersInputStream(
        new ByteArrayInputStream(Fixtures.gzipMembers(DATA, 777)))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (int i = 0; i <= DATA.length; i++) {
        int b = in.read();
        if (b < 0) {
          break;
        }
        out.write(b);
      }
      assertThat(out.toByteArray()).isEqualTo(DATA);
      assertThat(in.read()).isEqualTo(-1);
    }
  }

  @Test
  void skipsOptionalHeaderFields() throws Exception {
    byte[] plain = Fixtures.gzip(DATA);
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    gz.write(plain, 0, 3);
    gz.write(0x04 | 0x08 | 0x10 | 0x02); // FEXTRA, FNAME, FCOMMENT, FHCRC
    gz.write(plain, 4, 6);
    gz.writeBytes(new byte[] {3, 0, 'x', 'y', 'z'});
    gz.writeBytes("hearth-dev.archive\0".getBytes());
    gz.writeBytes("a comment\0".getBytes());
    gz.writeBytes(new byte[] {0x12, 0x34});
    gz.write(plain, 10, plain.length - 10);

    assertThat(gunzip(gz.toByteArray())).isEqualTo(DATA);
  }

  @Test
  void everyTruncationIsAZipException() {
    byte[] gz = Fixtures.gzip(data(3000));
    for (int cut = 0; cut < gz.length; cut++) {
      byte[] part = Arrays.copyOf(gz, cut);
      assertThatThrownBy(() -> gunzip(part)).as("cut at %d", cut).isInstanceOf(ZipException.class);
    }
  }

  @Test
  void aBadTrailerIsAZipException() {
    byte[] gz = Fixtures.gzip(DATA);
    byte[] badCrc = gz.clone();
    badCrc[gz.length - 8] ^= 1;
    byte[] badSize = gz.clone();
    badSize[gz.length - 4] ^= 1;

    assertThatThrownBy(() -> gunzip(badCrc)).isInstanceOf(ZipException.class)
        .hasMessageContaining("CRC-32");
    assertThatThrownBy(() -> gunzip(badSize)).isInstanceOf(ZipException.class)
        .hasMessageContaining("length");
  }

  @Test
  void garbageAfterTheLastMemberIsAZipException() {
    byte[] gz = Arrays.copyOf(Fixtures.gzip(DATA), Fixtures.gzip(DATA).length + 3);

    assertThatThrownBy(() -> gunzip(gz)).isInstanceOf(ZipException.class)
        .hasMessageContaining("are not gzip");
  }

  @Test
  void somethingElseIsNotGzip() {
    assertThatThrownBy(() -> gunzip(Fixtures.bytes(Fixtures.TEST_BAR)))
        .isInstanceOf(ZipException.class).hasMessageContaining("not in gzip format");
  }
}
