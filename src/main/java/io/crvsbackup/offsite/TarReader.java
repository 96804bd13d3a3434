package io.crvsbackup.offsite;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads tar streams as GNU tar and our {@link TarWriter} write them: ustar (with its prefix), pax
 * extended headers ({@code path}, {@code size}), GNU long names, and base-256 sizes. It checks every
 * header's checksum and refuses names that are absolute or climb out with {@code ..}: a bundle is input
 * from another machine.
 */
final class TarReader {
  /** What an entry is. */
  enum Type { FILE, DIRECTORY, LINK, OTHER }

  /** One entry: its normalised relative name ({@code ./} removed), its size and type. */
  record Entry(String name, long size, Type type) {}

  private final InputStream in;
  private long remaining;
  private long padding;

  TarReader(InputStream in) {
    this.in = in;
  }

  /**
   * Skips what is left of the current entry and reads the next header.
   *
   * @return the entry, or null at the end of the archive
   * @throws TarException when a header is damaged or a name is unsafe
   */
  Entry next() throws IOException {
    skip(remaining + padding);
    remaining = 0;
    padding = 0;
    String longName = null;
    Map<String, String> pax = new HashMap<>();
    while (true) {
      byte[] h = in.readNBytes(TarWriter.BLOCK);
      if (h.length == 0) {
        return null;
      }
      if (h.length < TarWriter.BLOCK) {
        throw new TarException("the tar stream ends inside a header: it is truncated");
      }
      if (allZero(h)) {
        return null;
      }
      checkSum(h);
      char type = (char) h[156];
      long size = size(h);
      if (type == 'x' || type == 'g' || type == 'L' || type == 'K') {
        byte[] body = readBody(size);
        if (type == 'x') {
          pax.putAll(paxRecords(body));
        } else if (type == 'L') {
          longName = cString(body, 0, body.length);
        }
        continue;
      }
      String name = longName != null ? longName : name(h);
      name = pax.getOrDefault("path", name);
      if (pax.containsKey("size")) {
        size = Long.parseLong(pax.get("size"));
      }
      Type t = switch (type) {
        case '0', '\0', '7' -> Type.FILE;
        case '5' -> Type.DIRECTORY;
        case '1', '2' -> Type.LINK;
        default -> Type.OTHER;
      };
      long body = t == Type.FILE || t == Type.OTHER ? size : 0;
      remaining = body;
      padding = (TarWriter.BLOCK - body % TarWriter.BLOCK) % TarWriter.BLOCK;
      return new Entry(safe(name), size, t);
    }
  }

  /** Reads the current entry's bytes; returns -1 at its end. */
  int read(byte[] b, int off, int len) throws IOException {
    if (remaining == 0) {
      return -1;
    }
    int n = in.read(b, off, (int) Math.min(len, remaining));
    if (n < 0) {
      throw new TarException("the tar stream ends inside an entry: it is truncated");
    }
    remaining -= n;
    return n;
  }

  /** The current entry's bytes as a stream (not closing the tar stream). */
  InputStream entryStream() {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        int n = TarReader.this.read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return TarReader.this.read(b, off, len);
      }
    };
  }

  private byte[] readBody(long size) throws IOException {
    if (size > 1 << 20) {
      throw new TarException("a tar extended header is larger than 1 MiB");
    }
    byte[] body = in.readNBytes((int) size);
    if (body.length < size) {
      throw new TarException("the tar stream ends inside an extended header: it is truncated");
    }
    skip((TarWriter.BLOCK - size % TarWriter.BLOCK) % TarWriter.BLOCK);
    return body;
  }

  private void skip(long n) throws IOException {
    while (n > 0) {
      long s = in.skip(n);
      if (s <= 0) {
        if (in.read() < 0) {
          throw new TarException("the tar stream ends inside an entry: it is truncated");
        }
        s = 1;
      }
      n -= s;
    }
  }

  static String safe(String raw) throws TarException {
    String n = raw;
    while (n.startsWith("./")) {
      n = n.substring(2);
    }
    while (n.endsWith("/")) {
      n = n.substring(0, n.length() - 1);
    }
    if (n.isEmpty() || n.equals(".")) {
      return ".";
    }
    if (n.startsWith("/") || n.contains("\0") || ("/" + n + "/").contains("/../")) {
      throw new TarException("the bundle holds an unsafe name '" + raw + "' (absolute or with ..): refused");
    }
    return n.replace("/./", "/");
  }

  private static Map<String, String> paxRecords(byte[] body) throws TarException {
    Map<String, String> out = new HashMap<>();
    int i = 0;
    while (i < body.length) {
      int space = i;
      while (space < body.length && body[space] != ' ') {
        space++;
      }
      int len;
      try {
        len = Integer.parseInt(new String(body, i, space - i, StandardCharsets.US_ASCII));
      } catch (NumberFormatException e) {
        throw new TarException("a pax extended header is malformed");
      }
      if (len <= 0 || i + len > body.length) {
        throw new TarException("a pax extended header is malformed");
      }
      String rec = new String(body, space + 1, i + len - space - 2, StandardCharsets.UTF_8);
      int eq = rec.indexOf('=');
      if (eq > 0) {
        out.put(rec.substring(0, eq), rec.substring(eq + 1));
      }
      i += len;
    }
    return out;
  }

  private static String name(byte[] h) {
    String name = cString(h, 0, 100);
    boolean ustar = h[257] == 'u' && h[258] == 's' && h[259] == 't' && h[260] == 'a' && h[261] == 'r';
    String prefix = ustar && h[262] == 0 ? cString(h, 345, 155) : "";
    return prefix.isEmpty() ? name : prefix + "/" + name;
  }

  private static long size(byte[] h) throws TarException {
    if ((h[124] & 0x80) != 0) {
      long v = 0;
      for (int i = 125; i < 136; i++) {
        v = (v << 8) | (h[i] & 0xff);
      }
      return v;
    }
    return octal(h, 124, 12);
  }

  private static void checkSum(byte[] h) throws TarException {
    long expected = octal(h, 148, 8);
    long unsigned = 0;
    long signed = 0;
    for (int i = 0; i < TarWriter.BLOCK; i++) {
      int b = i >= 148 && i < 156 ? ' ' : h[i];
      unsigned += b & 0xff;
      signed += b;
    }
    if (expected != unsigned && expected != signed) {
      throw new TarException("a tar header's checksum does not match: the bundle is damaged");
    }
  }

  private static long octal(byte[] h, int off, int len) throws TarException {
    String s = cString(h, off, len).trim();
    if (s.isEmpty()) {
      return 0;
    }
    try {
      return Long.parseLong(s, 8);
    } catch (NumberFormatException e) {
      throw new TarException("a tar header holds a bad number: the bundle is damaged or not a tar file");
    }
  }

  private static String cString(byte[] b, int off, int len) {
    int end = off;
    while (end < off + len && b[end] != 0) {
      end++;
    }
    return new String(b, off, end - off, StandardCharsets.UTF_8);
  }

  private static boolean allZero(byte[] b) {
    for (byte x : b) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }

  /** The tar stream is damaged, truncated, or unsafe. */
  static final class TarException extends EOFException {
    private static final long serialVersionUID = 1L;

    TarException(String message) {
      super(message);
    }
  }
}
