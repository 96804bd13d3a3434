package io.crvsbackup.mongo.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class Crc64Test {

  /** Bit by bit, straight from the definition, to check the table-driven code against. */
  private static long reference(byte[] data) {
    long crc = ~0L;
    for (byte b : data) {
      crc ^= b & 0xff;
      for (int k = 0; k < 8; k++) {
        crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0xC96C5795D7870F42L : crc >>> 1;
      }
    }
    return ~crc;
  }

  @Test
  void theCheckValueIsThatOfCrc64Xz() {
    byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);

    assertThat(Crc64.of(check)).isEqualTo(0x995DC9BBDF1939FAL);
    assertThat(reference(check)).isEqualTo(0x995DC9BBDF1939FAL);
  }

  @Test
  void nothingHasCrcZero() {
    assertThat(new Crc64().getValue()).isZero();
    assertThat(Crc64.of(new byte[0])).isZero();
  }

  @Test
  void tablesAgreeWithTheDefinitionForEveryLengthAndAlignment() {
    Random random = new Random(42);
    for (int len = 0; len < 100; len++) {
      byte[] data = new byte[len + 7];
      random.nextBytes(data);
      for (int off = 0; off < 7; off++) {
        Crc64 c = new Crc64();
        c.update(data, off, len);
        assertThat(c.getValue())
            .as("len %d off %d", len, off)
            .isEqualTo(reference(Arrays.copyOfRange(data, off, off + len)));
      }
    }
  }

  @Test
  void feedingInPiecesGivesTheSameAsAllAtOnce() {
    Random random = new Random(7);
    byte[] data = new byte[10_000];
    random.nextBytes(data);
    long whole = Crc64.of(data);
    for (int round = 0; round < 20; round++) {
      Crc64 c = new Crc64();
      int off = 0;
      while (off < data.length) {
        int n = Math.min(data.length - off, random.nextInt(40));
        if (n == 1) {
          c.update(data[off]);
        } else {
          c.update(data, off, n);
        }
        off += n;
      }
      assertThat(c.getValue()).isEqualTo(whole);
    }
    Crc64 reset = new Crc64();
    reset.update(data, 0, 100);
    reset.reset();
    reset.update(data, 0, data.length);
    assertThat(reset.getValue()).isEqualTo(whole);
  }

  /**
   * The documents of a namespace sit back to back between its header and terminator when it has
   * one segment; the byte ranges and CRCs here were found with Go's hash/crc64 (crc64.ECMA), and the
   * CRCs are the ones the archives' EOF headers carry.
   */
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "test.bar.archive,              admin.system.version,                   603,   59, -682997726120892866",
    "test.bar.archive,              test.bar,                               796,   35, -7824457949569593127",
    "dump-w-oplog.archive,          admin.system.version,                   645,   59, 914493570479648269",
    "dump-w-oplog.archive,          test.foo,                               838,  725, -7149850455237104254",
    "dump-w-oplog.archive,          oplog,                                 1683, 2760, -9206534501618249364",
    "timeseries_tests-dump.archive, admin.system.version,                  1247,   59, 5808966695042502227",
    "timeseries_tests-dump.archive, timeseries_test.system.buckets.foo_ts, 1611, 38020, 4620499534075225423",
  })
  void matchesTheCrcsMongodumpWrote(String file, String ns, int from, int length, long crc) {
    byte[] archive = Fixtures.bytes(file);
    byte[] docs = Arrays.copyOfRange(archive, from, from + length);

    assertThat(ArchiveFormat.readIntLe(archive, from + length)).as("terminator").isEqualTo(-1);
    assertThat(Crc64.of(docs)).isEqualTo(crc);
    assertThat(reference(docs)).isEqualTo(crc);
  }
}
