package io.crvsbackup.influx;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * A TSM file's {@code .tombstone}: the deleted time ranges (inclusive) per key of that one file (spec.md).
 * Version 1 is a list of keys, one a line, each deleted entirely; versions 2 to 4 start with the header
 * {@code 0x1502}..{@code 0x1504}, then entries of key length (4 bytes), key, min and max time, plain (2),
 * in one gzip stream (3), or in gzip members appended one per delete (4).
 */
final class TsmTombstones {
  private TsmTombstones() {}

  static Map<String, List<long[]>> read(byte[] file, String what) throws IOException {
    Map<String, List<long[]>> out = new HashMap<>();
    int header = file.length < 4 ? 0 : ((file[0] & 0xff) << 24) | ((file[1] & 0xff) << 16) | ((file[2] & 0xff) << 8)
        | (file[3] & 0xff);
    if (header < 0x1502 || header > 0x1504) {
      for (String line : new String(file, StandardCharsets.UTF_8).split("\n")) {
        if (!line.isEmpty()) {
          out.computeIfAbsent(line, k -> new ArrayList<>()).add(new long[] {Long.MIN_VALUE, Long.MAX_VALUE});
        }
      }
      return out;
    }
    try (InputStream raw = new java.io.ByteArrayInputStream(file, 4, file.length - 4)) {
      InputStream body = header == 0x1502 ? raw : file.length == 4 ? InputStream.nullInputStream()
          : new GZIPInputStream(raw);
      DataInputStream in = new DataInputStream(body);
      while (true) {
        int keyLen;
        try {
          keyLen = in.readInt();
        } catch (EOFException e) {
          return out;
        }
        if (keyLen < 0 || keyLen > 1 << 20) {
          throw new FormatException(what + ": a tombstone key of " + keyLen + " bytes");
        }
        byte[] key = in.readNBytes(keyLen);
        if (key.length < keyLen) {
          throw new FormatException(what + " ends inside an entry");
        }
        long min = in.readLong();
        long max = in.readLong();
        out.computeIfAbsent(new String(key, StandardCharsets.UTF_8), k -> new ArrayList<>()).add(new long[] {min, max});
      }
    } catch (EOFException e) {
      throw new FormatException(what + " ends inside an entry", e);
    }
  }
}
