package io.crvsbackup.influx;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Reads a shard's tar stream block by block, checks it (header checksums, whole entries, the two zero
 * blocks that end it) and writes it on: unchanged ({@link #copy}) or with every entry renamed ({@link
 * #rename}). Understands POSIX ustar, PAX extended headers and GNU long names, which is what Go's
 * {@code archive/tar} writes and reads. A stream that ends before its end-of-archive marker is refused:
 * that is how a shard export that failed half-way shows.
 */
final class TarStream {
  private static final int BUFFER = 64 * 1024;
  private static final byte[] ZEROS = new byte[TarHeader.BLOCK];

  /**
   * What a tar held.
   *
   * @param bytes its length, end marker included (what influxd's manifest calls the shard's size)
   * @param files the regular files in it
   * @param fileBytes their total length
   */
  record Summary(long bytes, int files, long fileBytes) {}

  /** Sees the content of regular files as they pass. */
  @FunctionalInterface
  interface Tap {
    /**
     * @return where a copy of the entry's content goes (closed after the entry), or null for none
     */
    OutputStream entry(String name, long size) throws IOException;
  }

  private final InputStream in;
  private final OutputStream out;
  private final UnaryOperator<String> rename;
  private final String what;
  private final Tap tap;
  private final byte[] buffer = new byte[BUFFER];
  private long offset;

  private TarStream(InputStream in, OutputStream out, UnaryOperator<String> rename, String what, Tap tap) {
    this.in = in;
    this.out = out;
    this.rename = rename;
    this.what = what;
    this.tap = tap;
  }

  /** Copies a tar byte for byte while checking it; {@code out} may be a sink. */
  static Summary copy(InputStream in, OutputStream out, String what) throws IOException {
    return new TarStream(in, out, null, what, null).run();
  }

  /** Copies a tar byte for byte while checking it, showing each regular file's content to {@code tap}. */
  static Summary copy(InputStream in, OutputStream out, String what, Tap tap) throws IOException {
    return new TarStream(in, out, null, what, tap).run();
  }

  /** Copies a tar, giving every entry the name {@code rename} makes of it; other header fields stay. */
  static Summary rename(InputStream in, OutputStream out, UnaryOperator<String> rename, String what)
      throws IOException {
    return new TarStream(in, out, rename, what, null).run();
  }

  /** {@link #rename}, showing each regular file's content (under its old name) to {@code tap}. */
  static Summary rename(InputStream in, OutputStream out, UnaryOperator<String> rename, String what, Tap tap)
      throws IOException {
    return new TarStream(in, out, rename, what, tap).run();
  }

  private Summary run() throws IOException {
    int files = 0;
    long fileBytes = 0;
    Map<String, String> pax = new LinkedHashMap<>();
    String longName = null;
    while (true) {
      long at = offset;
      byte[] h = block();
      if (h == null) {
        throw new FormatException(offset == 0
            ? what + " is empty: the server sent no data (see the influxd log)"
            : what + " is truncated after " + offset + " bytes: the tar end-of-archive marker is missing");
      }
      if (TarHeader.isZero(h)) {
        end(h);
        return new Summary(offset, files, fileBytes);
      }
      if (!TarHeader.checksumOk(h)) {
        throw new FormatException(what + " is corrupted: the tar header at byte " + at + " has a bad checksum");
      }
      char type = TarHeader.type(h);
      long size = TarHeader.size(h);
      if (type == 'x' || type == 'g' || type == 'L' || type == 'K') {
        byte[] body = content(h, size, rename == null);
        if (type == 'x') {
          pax.putAll(paxRecords(body, at));
        } else if (type == 'L') {
          longName = TarHeader.text(body, 0, body.length);
        } else if (rename != null && type == 'g') {
          out.write(h);
          pad(body);
        }
        continue;
      }
      String name = pax.containsKey("path") ? pax.get("path") : longName != null ? longName : TarHeader.name(h);
      if (pax.containsKey("size")) {
        size = Long.parseLong(pax.get("size"));
      }
      if (rename == null) {
        out.write(h);
      } else {
        writeRenamed(h, rename.apply(name), pax);
      }
      boolean regular = type == '0' || type == '7';
      OutputStream copy = regular && tap != null ? tap.entry(name, size) : null;
      if (copy == null) {
        transfer(size, out, out, name);
      } else {
        try (copy) {
          transfer(size, new Tee(out, copy), out, name);
        }
      }
      if (regular) {
        files++;
        fileBytes += size;
      }
      pax.clear();
      longName = null;
    }
  }

  private void writeRenamed(byte[] h, String newName, Map<String, String> pax) throws IOException {
    byte[] main = h.clone();
    Map<String, String> records = new LinkedHashMap<>(pax);
    records.remove("path");
    if (!TarHeader.setName(main, newName)) {
      records.put("path", newName);
    }
    if (!records.isEmpty()) {
      byte[] body = encodePax(records);
      out.write(TarHeader.paxHeader(main, body.length));
      pad(body);
    }
    TarHeader.writeChecksum(main);
    out.write(main);
  }

  private void pad(byte[] body) throws IOException {
    out.write(body);
    int rest = (TarHeader.BLOCK - body.length % TarHeader.BLOCK) % TarHeader.BLOCK;
    out.write(ZEROS, 0, rest);
  }

  /** After the first zero block: a second one must follow; trailing zero padding is allowed. */
  private void end(byte[] first) throws IOException {
    byte[] second = block();
    if (second == null) {
      throw new FormatException(what + " is truncated: only one of the two zero blocks that end a tar");
    }
    if (!TarHeader.isZero(second)) {
      throw new FormatException(what + " is corrupted: a zero block at byte " + (offset - 2L * TarHeader.BLOCK)
          + " is followed by data");
    }
    out.write(first);
    out.write(second);
    for (int n; (n = in.read(buffer)) > 0; ) {
      for (int i = 0; i < n; i++) {
        if (buffer[i] != 0) {
          throw new FormatException(what + " has data after its end-of-archive marker, at byte " + (offset + i));
        }
      }
      if (rename == null) {
        out.write(buffer, 0, n);
      }
      offset += n;
    }
  }

  /** Reads one block; null at a clean end of input. */
  private byte[] block() throws IOException {
    byte[] b = new byte[TarHeader.BLOCK];
    int got = in.readNBytes(b, 0, b.length);
    if (got == 0) {
      return null;
    }
    if (got < b.length) {
      throw new FormatException(what + " is truncated at byte " + (offset + got) + ", inside a tar header");
    }
    offset += got;
    return b;
  }

  /** Reads an extended header's body (and its padding), writing all of it through when {@code through}. */
  private byte[] content(byte[] h, long size, boolean through) throws IOException {
    if (size > 1 << 20) {
      throw new FormatException(what + " is corrupted: an extended tar header of " + size + " bytes");
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if (through) {
      out.write(h);
      transfer(size, new Tee(out, body), out, "an extended header");
    } else {
      transfer(size, body, OutputStream.nullOutputStream(), "an extended header");
    }
    return body.toByteArray();
  }

  /** Moves an entry's {@code size} bytes to {@code data} and its padding to {@code padding}. */
  private void transfer(long size, OutputStream data, OutputStream padding, String name) throws IOException {
    long padded = (size + TarHeader.BLOCK - 1) / TarHeader.BLOCK * TarHeader.BLOCK;
    long done = 0;
    while (done < padded) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, padded - done));
      if (n < 0) {
        throw new FormatException(what + " is truncated at byte " + offset + ", inside " + name + " ("
            + Math.min(done, size) + " of " + size + " bytes)");
      }
      int dataPart = (int) Math.max(0, Math.min(n, size - done));
      data.write(buffer, 0, dataPart);
      padding.write(buffer, dataPart, n - dataPart);
      offset += n;
      done += n;
    }
  }

  private Map<String, String> paxRecords(byte[] body, long at) throws FormatException {
    Map<String, String> records = new LinkedHashMap<>();
    int pos = 0;
    while (pos < body.length && body[pos] != 0) {
      int space = indexOf(body, (byte) ' ', pos);
      int len;
      try {
        len = space < 0 ? -1 : Integer.parseInt(new String(body, pos, space - pos, StandardCharsets.US_ASCII));
      } catch (NumberFormatException e) {
        len = -1;
      }
      if (len <= 0 || pos + len > body.length || body[pos + len - 1] != '\n') {
        throw new FormatException(what + " is corrupted: bad PAX record in the header at byte " + at);
      }
      String record = new String(body, space + 1, pos + len - space - 2, StandardCharsets.UTF_8);
      int eq = record.indexOf('=');
      if (eq > 0) {
        records.put(record.substring(0, eq), record.substring(eq + 1));
      }
      pos += len;
    }
    return records;
  }

  static byte[] encodePax(Map<String, String> records) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (Map.Entry<String, String> r : records.entrySet()) {
      byte[] kv = (r.getKey() + "=" + r.getValue() + "\n").getBytes(StandardCharsets.UTF_8);
      int len = kv.length + 1;
      while (len != kv.length + 1 + Integer.toString(len).length()) {
        len = kv.length + 1 + Integer.toString(len).length();
      }
      body.writeBytes((len + " ").getBytes(StandardCharsets.US_ASCII));
      body.writeBytes(kv);
    }
    return body.toByteArray();
  }

  private static int indexOf(byte[] b, byte v, int from) {
    for (int i = from; i < b.length; i++) {
      if (b[i] == v) {
        return i;
      }
    }
    return -1;
  }

  /** Writes to two streams. */
  private static final class Tee extends OutputStream {
    private final OutputStream a;
    private final OutputStream b;

    Tee(OutputStream a, OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public void write(int v) throws IOException {
      a.write(v);
      b.write(v);
    }

    @Override
    public void write(byte[] buf, int off, int len) throws IOException {
      a.write(buf, off, len);
      b.write(buf, off, len);
    }
  }
}
