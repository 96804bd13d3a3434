package io.crvsbackup.influx;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GzipOutputTest {
  @ParameterizedTest
  @ValueSource(ints = {Deflater.BEST_SPEED, Deflater.DEFAULT_COMPRESSION, Deflater.BEST_COMPRESSION})
  void writesOneNamedMemberThatGunzips(int level) throws Exception {
    byte[] data = new byte[300_000];
    new Random(7).nextBytes(data);
    System.arraycopy(new byte[100_000], 0, data, 0, 100_000);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    GzipOutput gz = new GzipOutput(out, "20261126T000005Z.s7.tar", level);
    gz.write(data, 0, 1000);
    gz.write(data[1000]);
    gz.write(data, 1001, data.length - 1001);
    gz.finish();
    byte[] file = out.toByteArray();
    assertThat(file[0] & 0xff).isEqualTo(0x1f);
    assertThat(file[1] & 0xff).isEqualTo(0x8b);
    assertThat(file[3]).isEqualTo((byte) 0x08);
    assertThat(new String(file, 10, 23, StandardCharsets.ISO_8859_1)).isEqualTo("20261126T000005Z.s7.tar");
    assertThat(file[33]).isZero();
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(file))) {
      assertThat(in.readAllBytes()).isEqualTo(data);
    }
  }
}
