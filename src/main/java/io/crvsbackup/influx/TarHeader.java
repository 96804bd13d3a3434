package io.crvsbackup.influx;

import java.nio.charset.StandardCharsets;

/**
 * One 512-byte tar header block: reading its fields, checking its checksum, and rewriting its name.
 * Numbers are octal text or, with the top bit of the first byte set, base-256 (GNU), as Go writes them.
 */
final class TarHeader {
  static final int BLOCK = 512;
  static final int NAME = 0;
  static final int NAME_LEN = 100;
  static final int SIZE = 124;
  static final int CHECKSUM = 148;
  static final int TYPE = 156;
  static final int MAGIC = 257;
  static final int PREFIX = 345;
  static final int PREFIX_LEN = 155;

  private TarHeader() {}

  static boolean isZero(byte[] block) {
    for (byte b : block) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  /** Whether the stored checksum matches the block (unsigned sum, or the signed sum some tars wrote). */
  static boolean checksumOk(byte[] h) {
    long stored;
    try {
      stored = number(h, CHECKSUM, 8);
    } catch (NumberFormatException e) {
      return false;
    }
    long unsigned = 0;
    long signed = 0;
    for (int i = 0; i < BLOCK; i++) {
      byte b = (i >= CHECKSUM && i < CHECKSUM + 8) ? (byte) ' ' : h[i];
      unsigned += b & 0xff;
      signed += b;
    }
    return stored == unsigned || stored == signed;
  }

  static void writeChecksum(byte[] h) {
    for (int i = CHECKSUM; i < CHECKSUM + 8; i++) {
      h[i] = ' ';
    }
    long sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    byte[] text = String.format("%06o", sum).getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(text, 0, h, CHECKSUM, 6);
    h[CHECKSUM + 6] = 0;
    h[CHECKSUM + 7] = ' ';
  }

  static char type(byte[] h) {
    return h[TYPE] == 0 ? '0' : (char) h[TYPE];
  }

  static long size(byte[] h) {
    return number(h, SIZE, 12);
  }

  /** {@code ustar\0} (POSIX), as opposed to the old GNU {@code ustar  \0} whose prefix field is no name. */
  static boolean isPosix(byte[] h) {
    return h[MAGIC] == 'u' && h[MAGIC + 1] == 's' && h[MAGIC + 2] == 't' && h[MAGIC + 3] == 'a'
        && h[MAGIC + 4] == 'r' && h[MAGIC + 5] == 0;
  }

  /** The entry name in the header itself: POSIX prefix, a slash and the name field. */
  static String name(byte[] h) {
    String name = text(h, NAME, NAME_LEN);
    if (isPosix(h)) {
      String prefix = text(h, PREFIX, PREFIX_LEN);
      if (!prefix.isEmpty()) {
        return prefix + "/" + name;
      }
    }
    return name;
  }

  /**
   * Puts {@code name} into the name (and, for a POSIX header, prefix) fields if it fits there.
   *
   * @return whether it fitted; when not, the fields hold a truncated name and a PAX record must carry it
   */
  static boolean setName(byte[] h, String name) {
    byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
    boolean ascii = bytes.length == name.length();
    fill(h, NAME, NAME_LEN, new byte[0]);
    if (isPosix(h)) {
      fill(h, PREFIX, PREFIX_LEN, new byte[0]);
    }
    if (ascii && bytes.length <= NAME_LEN) {
      fill(h, NAME, NAME_LEN, bytes);
      return true;
    }
    if (ascii && isPosix(h)) {
      for (int cut = name.indexOf('/'); cut > 0; cut = name.indexOf('/', cut + 1)) {
        if (cut <= PREFIX_LEN && bytes.length - cut - 1 <= NAME_LEN && bytes.length - cut - 1 > 0) {
          fill(h, PREFIX, PREFIX_LEN, name.substring(0, cut).getBytes(StandardCharsets.US_ASCII));
          fill(h, NAME, NAME_LEN, name.substring(cut + 1).getBytes(StandardCharsets.US_ASCII));
          return true;
        }
      }
    }
    byte[] ascii100 = name.replaceAll("[^\\x20-\\x7e]", "_").getBytes(StandardCharsets.US_ASCII);
    fill(h, NAME, NAME_LEN, java.util.Arrays.copyOf(ascii100, Math.min(ascii100.length, NAME_LEN)));
    return false;
  }

  /** A header for a PAX extended-header entry of {@code size} bytes that precedes {@code main}. */
  static byte[] paxHeader(byte[] main, long size) {
    byte[] h = new byte[BLOCK];
    fill(h, NAME, NAME_LEN, "PaxHeaders.0/entry".getBytes(StandardCharsets.US_ASCII));
    octal(h, 100, 8, 0644);
    octal(h, 108, 8, 0);
    octal(h, 116, 8, 0);
    octal(h, SIZE, 12, size);
    System.arraycopy(main, 136, h, 136, 12);
    h[TYPE] = 'x';
    System.arraycopy("ustar\u000000".getBytes(StandardCharsets.US_ASCII), 0, h, MAGIC, 8);
    writeChecksum(h);
    return h;
  }

  static long number(byte[] h, int off, int len) {
    if ((h[off] & 0x80) != 0) {
      long v = h[off] & 0x7f;
      for (int i = off + 1; i < off + len; i++) {
        if ((v >>> 55) != 0) {
          throw new NumberFormatException("base-256 number too large");
        }
        v = (v << 8) | (h[i] & 0xff);
      }
      return v;
    }
    String t = text(h, off, len).trim();
    return t.isEmpty() ? 0 : Long.parseLong(t, 8);
  }

  static String text(byte[] h, int off, int len) {
    int end = off;
    while (end < off + len && h[end] != 0) {
      end++;
    }
    return new String(h, off, end - off, StandardCharsets.UTF_8);
  }

  private static void octal(byte[] h, int off, int len, long v) {
    byte[] t = String.format("%0" + (len - 1) + "o", v).getBytes(StandardCharsets.US_ASCII);
    fill(h, off, len, t);
  }

  private static void fill(byte[] h, int off, int len, byte[] value) {
    java.util.Arrays.fill(h, off, off + len, (byte) 0);
    System.arraycopy(value, 0, h, off, Math.min(len, value.length));
  }
}
