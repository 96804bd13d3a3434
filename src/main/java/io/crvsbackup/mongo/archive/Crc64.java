package io.crvsbackup.mongo.archive;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.zip.Checksum;

/**
 * CRC-64 as mongodump computes it over a namespace's documents: Go's {@code hash/crc64} with the
 * ECMA table. That is the ECMA-182 polynomial in reflected form ({@code 0xC96C5795D7870F42}),
 * register started at all ones and inverted at the end (the catalogue calls it CRC-64/XZ; the check
 * value of "123456789" is {@code 0x995DC9BBDF1939FA}). The archive stores the 64 bits as a signed
 * BSON int64, which is what {@link #getValue()} returns.
 *
 * <p>Eight bytes are folded per step (slicing-by-8). Not thread-safe.
 */
public final class Crc64 implements Checksum {
  private static final long POLY = 0xC96C5795D7870F42L;
  private static final long[][] TABLES = tables();
  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** The register, inverted: Go keeps the finished value and inverts on the way in and out. */
  private long crc;

  /** A CRC of nothing, which is 0. */
  public Crc64() {}

  /** The CRC of {@code bytes}, signed as in the archive. */
  public static long of(byte[] bytes) {
    Crc64 c = new Crc64();
    c.update(bytes, 0, bytes.length);
    return c.getValue();
  }

  @Override
  public void update(int b) {
    long r = ~crc;
    r = TABLES[0][(int) (r ^ b) & 0xff] ^ (r >>> 8);
    crc = ~r;
  }

  @Override
  public void update(byte[] b, int off, int len) {
    if (off < 0 || len < 0 || off > b.length - len) {
      throw new ArrayIndexOutOfBoundsException("off " + off + " len " + len + " of " + b.length);
    }
    long[] t0 = TABLES[0];
    long r = ~crc;
    int i = off;
    int end = off + len;
    if (len >= 16) {
      long[] t1 = TABLES[1];
      long[] t2 = TABLES[2];
      long[] t3 = TABLES[3];
      long[] t4 = TABLES[4];
      long[] t5 = TABLES[5];
      long[] t6 = TABLES[6];
      long[] t7 = TABLES[7];
      for (; end - i >= 8; i += 8) {
        r ^= (long) LONG_LE.get(b, i);
        r = t7[(int) r & 0xff]
            ^ t6[(int) (r >>> 8) & 0xff]
            ^ t5[(int) (r >>> 16) & 0xff]
            ^ t4[(int) (r >>> 24) & 0xff]
            ^ t3[(int) (r >>> 32) & 0xff]
            ^ t2[(int) (r >>> 40) & 0xff]
            ^ t1[(int) (r >>> 48) & 0xff]
            ^ t0[(int) (r >>> 56) & 0xff];
      }
    }
    for (; i < end; i++) {
      r = t0[(int) (r ^ b[i]) & 0xff] ^ (r >>> 8);
    }
    crc = ~r;
  }

  /** The CRC so far, as the signed int64 an archive's EOF header carries. */
  @Override
  public long getValue() {
    return crc;
  }

  @Override
  public void reset() {
    crc = 0;
  }

  private static long[][] tables() {
    long[][] t = new long[8][256];
    for (int n = 0; n < 256; n++) {
      long c = n;
      for (int k = 0; k < 8; k++) {
        c = (c & 1) != 0 ? (c >>> 1) ^ POLY : c >>> 1;
      }
      t[0][n] = c;
    }
    for (int n = 0; n < 256; n++) {
      for (int k = 1; k < 8; k++) {
        long prev = t[k - 1][n];
        t[k][n] = t[0][(int) prev & 0xff] ^ (prev >>> 8);
      }
    }
    return t;
  }
}
