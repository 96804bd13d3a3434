package io.crvsbackup.influx;

/**
 * The timestamp part of a TSM block (spec.md, "Counting from the archive"): its first byte's high four
 * bits say how it is encoded, the low four bits the power of ten the deltas were divided by.
 * <ul>
 *   <li>0, uncompressed: 8 bytes per value, the first absolute, then deltas;
 *   <li>1, simple8b: the first value in 8 bytes, then 64-bit words of packed deltas;
 *   <li>2, run length: the first value in 8 bytes, the delta as a uvarint, the count as a uvarint.
 * </ul>
 * All integers are big-endian. Counting needs only the selectors of the simple8b words; decoding is needed
 * only where blocks of one key overlap in time.
 */
final class TsmTimestamps {
  static final int UNCOMPRESSED = 0;
  static final int SIMPLE8B = 1;
  static final int RLE = 2;
  /** Values per simple8b word, by selector. */
  private static final int[] N = {240, 120, 60, 30, 20, 15, 12, 10, 8, 7, 6, 5, 4, 3, 2, 1};
  /** Bits per value, by selector (0 for the runs of ones). */
  private static final int[] BITS = {0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 15, 20, 30, 60};

  private TsmTimestamps() {}

  /** How many timestamps {@code b[off, off+len)} holds. */
  static int count(byte[] b, int off, int len) throws FormatException {
    if (len == 0) {
      return 0;
    }
    int encoding = (b[off] & 0xff) >>> 4;
    switch (encoding) {
      case UNCOMPRESSED -> {
        return (len - 1) / 8;
      }
      case SIMPLE8B -> {
        if (len < 9 || (len - 9) % 8 != 0) {
          throw new FormatException("simple8b timestamps of " + len + " bytes");
        }
        int n = 1;
        for (int p = off + 9; p < off + len; p += 8) {
          n += N[(b[p] & 0xff) >>> 4];
        }
        return n;
      }
      case RLE -> {
        int[] at = {off + 9};
        uvarint(b, at, off + len);
        return Math.toIntExact(uvarint(b, at, off + len));
      }
      default -> throw new FormatException("timestamp encoding " + encoding);
    }
  }

  /** The timestamps {@code b[off, off+len)} holds, in order. */
  static long[] decode(byte[] b, int off, int len) throws FormatException {
    int n = count(b, off, len);
    long[] out = new long[n];
    if (n == 0) {
      return out;
    }
    int encoding = (b[off] & 0xff) >>> 4;
    long div = pow10(b[off] & 0x0f);
    if (encoding == UNCOMPRESSED) {
      for (int i = 0; i < n; i++) {
        long v = long64(b, off + 1 + 8 * i);
        out[i] = i == 0 ? v : out[i - 1] + v;
      }
      return out;
    }
    out[0] = long64(b, off + 1);
    if (encoding == RLE) {
      int[] at = {off + 9};
      long delta = uvarint(b, at, off + len) * div;
      for (int i = 1; i < n; i++) {
        out[i] = out[i - 1] + delta;
      }
      return out;
    }
    int i = 1;
    for (int p = off + 9; p < off + len; p += 8) {
      long word = long64(b, p);
      int sel = (int) (word >>> 60);
      int bits = BITS[sel];
      long mask = bits == 0 ? 0 : (1L << bits) - 1;
      for (int k = 0; k < N[sel]; k++) {
        long delta = bits == 0 ? 1 : (word >>> (k * bits)) & mask;
        out[i] = out[i - 1] + delta * div;
        i++;
      }
    }
    return out;
  }

  static long long64(byte[] b, int p) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[p + i] & 0xff);
    }
    return v;
  }

  /** Reads a uvarint at {@code at[0]}, moving it on. */
  static long uvarint(byte[] b, int[] at, int end) throws FormatException {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (at[0] >= end) {
        throw new FormatException("a varint runs past the end of its block");
      }
      int c = b[at[0]++] & 0xff;
      v |= (long) (c & 0x7f) << shift;
      if (c < 0x80) {
        return v;
      }
    }
    throw new FormatException("a varint of more than 10 bytes");
  }

  private static long pow10(int e) {
    long v = 1;
    for (int i = 0; i < e; i++) {
      v *= 10;
    }
    return v;
  }
}
