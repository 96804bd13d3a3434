package io.crvsbackup.offsite;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a POSIX tar stream (ustar, with a pax extended header for a name over 100 bytes that cannot be
 * split, or a file of 8 GiB or more), as GNU tar reads it. Owner root, mode 0644, the given mtime: the same
 * files always give the same bytes.
 */
final class TarWriter {
  static final int BLOCK = 512;
  private static final long MAX_OCTAL_SIZE = 077777777777L;
  private final OutputStream out;
  private long remaining;
  private long written;

  TarWriter(OutputStream out) {
    this.out = out;
  }

  /** Starts a regular file entry; then exactly {@code size} bytes go to {@link #write}. */
  void begin(String name, long size, long mtimeSeconds) throws IOException {
    if (remaining != 0) {
      throw new IllegalStateException("the previous entry is short by " + remaining + " bytes");
    }
    byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    String[] split = split(nameBytes.length <= 100 ? null : name);
    List<String> pax = new ArrayList<>();
    if (nameBytes.length > 100 && split == null) {
      pax.add(record("path", name));
    }
    if (size > MAX_OCTAL_SIZE) {
      pax.add(record("size", Long.toString(size)));
    }
    if (!pax.isEmpty()) {
      byte[] body = String.join("", pax).getBytes(StandardCharsets.UTF_8);
      out.write(header("PaxHeaders/" + shortName(name), "", body.length, mtimeSeconds, 'x'));
      out.write(body);
      pad(body.length);
    }
    String n = split != null ? split[1] : nameBytes.length > 100 ? shortName(name) : name;
    String prefix = split != null ? split[0] : "";
    out.write(header(n, prefix, size > MAX_OCTAL_SIZE ? 0 : size, mtimeSeconds, '0'));
    remaining = size;
    written = size;
  }

  void write(byte[] b, int off, int len) throws IOException {
    if (len > remaining) {
      throw new IOException("tar entry grew while it was being written (" + (len - remaining) + " bytes too many)");
    }
    out.write(b, off, len);
    remaining -= len;
  }

  /** Ends the entry, padding it to a whole block. */
  void end() throws IOException {
    if (remaining != 0) {
      throw new IOException("tar entry shrank while it was being written (" + remaining + " bytes missing)");
    }
    pad(written);
  }

  /** Writes the end-of-archive marker (two zero blocks). */
  void finish() throws IOException {
    out.write(new byte[2 * BLOCK]);
  }

  private void pad(long size) throws IOException {
    int rest = (int) (size % BLOCK);
    if (rest != 0) {
      out.write(new byte[BLOCK - rest]);
    }
  }

  /** Splits at a '/' so that the prefix fits 155 bytes and the name 100; null when impossible. */
  private static String[] split(String name) {
    if (name == null) {
      return null;
    }
    for (int i = name.indexOf('/'); i > 0; i = name.indexOf('/', i + 1)) {
      String prefix = name.substring(0, i);
      String rest = name.substring(i + 1);
      if (prefix.getBytes(StandardCharsets.UTF_8).length <= 155 && rest.getBytes(StandardCharsets.UTF_8).length <= 100
          && !rest.isEmpty()) {
        return new String[] {prefix, rest};
      }
    }
    return null;
  }

  private static String shortName(String name) {
    byte[] b = name.getBytes(StandardCharsets.UTF_8);
    return new String(b, Math.max(0, b.length - 80), Math.min(80, b.length), StandardCharsets.UTF_8)
        .replace("\uFFFD", "_");
  }

  /** A pax record: "LEN key=value\n" where LEN counts the whole record, itself included. */
  static String record(String key, String value) {
    int base = key.getBytes(StandardCharsets.UTF_8).length + value.getBytes(StandardCharsets.UTF_8).length + 3;
    int len = base + Integer.toString(base).length();
    if (Integer.toString(len).length() != Integer.toString(base).length()) {
      len++;
    }
    return len + " " + key + "=" + value + "\n";
  }

  private static byte[] header(String name, String prefix, long size, long mtime, char type) {
    byte[] h = new byte[BLOCK];
    put(h, 0, 100, name.getBytes(StandardCharsets.UTF_8));
    octal(h, 100, 8, 0644);
    octal(h, 108, 8, 0);
    octal(h, 116, 8, 0);
    octal(h, 124, 12, size);
    octal(h, 136, 12, Math.max(0, mtime));
    h[156] = (byte) type;
    put(h, 257, 6, "ustar\0".getBytes(StandardCharsets.US_ASCII));
    put(h, 263, 2, "00".getBytes(StandardCharsets.US_ASCII));
    put(h, 265, 32, "root".getBytes(StandardCharsets.US_ASCII));
    put(h, 297, 32, "root".getBytes(StandardCharsets.US_ASCII));
    put(h, 345, 155, prefix.getBytes(StandardCharsets.UTF_8));
    for (int i = 148; i < 156; i++) {
      h[i] = ' ';
    }
    long sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    octal(h, 148, 7, sum);
    h[155] = ' ';
    return h;
  }

  private static void put(byte[] h, int off, int len, byte[] value) {
    if (value.length > len) {
      throw new IllegalArgumentException("tar field overflow");
    }
    System.arraycopy(value, 0, h, off, value.length);
  }

  /** Octal digits, zero-padded, followed by a NUL, filling {@code len} bytes. */
  private static void octal(byte[] h, int off, int len, long value) {
    String s = Long.toOctalString(value);
    String padded = "0".repeat(Math.max(0, len - 1 - s.length())) + s;
    put(h, off, len, (padded + "\0").getBytes(StandardCharsets.US_ASCII));
  }
}
