package io.crvsbackup.elastic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.smile.SmileFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * The two checksummed formats of an Elasticsearch repository (see {@code spec.md}): metadata blobs
 * ({@code snap-*.dat}, {@code meta-*.dat}, shard {@code index-*}), which are a Lucene codec header, an
 * optionally DEFLATE-compressed SMILE or JSON document and a Lucene footer; and data blobs ({@code __*}),
 * which are Lucene files, possibly split in parts, ending in the same footer. The footer's checksum is the
 * CRC-32 of every byte before it.
 */
final class BlobFormat {
  static final int CODEC_MAGIC = 0x3fd76c17;
  static final int FOOTER_MAGIC = ~CODEC_MAGIC;
  static final int FOOTER_LENGTH = 16;
  private static final byte[] DEFLATE_HEADER = {'D', 'F', 'L', 0};
  private static final byte[] SMILE_HEADER = {':', ')', '\n'};
  private static final ObjectMapper SMILE = new ObjectMapper(new SmileFactory());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int BUFFER = 256 * 1024;
  private static final long MAX_METADATA_BYTES = 256L * 1024 * 1024;

  private BlobFormat() {}

  /** A malformed blob; the message says what is wrong, the caller names the file. */
  static final class BadBlob extends Exception {
    private static final long serialVersionUID = 1L;

    BadBlob(String message) {
      super(message);
    }
  }

  /** Reads a metadata blob: checks header and checksum, decompresses, parses. */
  static JsonNode readMetadata(Path file) throws IOException, BadBlob {
    if (Files.size(file) > MAX_METADATA_BYTES) {
      throw new BadBlob("is " + Files.size(file) + " bytes, too large for a metadata blob");
    }
    return parseMetadata(Files.readAllBytes(file));
  }

  static JsonNode parseMetadata(byte[] b) throws BadBlob {
    checkFooter(b);
    ByteBuffer in = ByteBuffer.wrap(b);
    if (b.length < FOOTER_LENGTH + 9 || in.getInt() != CODEC_MAGIC) {
      throw new BadBlob("does not start with a Lucene codec header");
    }
    int nameLength = in.get() & 0xff;
    if (nameLength == 0 || nameLength > 127 || in.remaining() < nameLength + 4 + FOOTER_LENGTH) {
      throw new BadBlob("has a malformed codec header");
    }
    in.position(in.position() + nameLength + 4);
    int start = in.position();
    int end = b.length - FOOTER_LENGTH;
    try (InputStream body = startsWith(b, start, DEFLATE_HEADER)
        ? new InflaterInputStream(new ByteArrayInputStream(b, start + 4, end - start - 4), new Inflater(true))
        : new ByteArrayInputStream(b, start, end - start)) {
      byte[] content = body.readAllBytes();
      ObjectMapper mapper = startsWith(content, 0, SMILE_HEADER) ? SMILE : JSON;
      return mapper.readTree(content);
    } catch (IOException e) {
      throw new BadBlob("does not decompress or parse: " + e.getMessage());
    }
  }

  /** Checks a whole blob held in memory (a small file stored inline in its shard's metadata). */
  static long checkFooter(byte[] b) throws BadBlob {
    if (b.length < FOOTER_LENGTH) {
      throw new BadBlob("is " + b.length + " bytes, shorter than a Lucene footer");
    }
    ByteBuffer footer = ByteBuffer.wrap(b, b.length - FOOTER_LENGTH, FOOTER_LENGTH);
    if (footer.getInt() != FOOTER_MAGIC || footer.getInt() != 0) {
      throw new BadBlob("does not end with a Lucene footer: it is truncated or not a blob of this format");
    }
    long stored = footer.getLong();
    CRC32 crc = new CRC32();
    crc.update(b, 0, b.length - Long.BYTES);
    if (crc.getValue() != stored) {
      throw new BadBlob("is corrupted: its checksum is " + Long.toHexString(crc.getValue()) + ", its footer says "
          + Long.toHexString(stored));
    }
    return stored;
  }

  /**
   * Checks a data blob stored as one or more part files of {@code length} bytes in all: the sizes, the
   * footer, the CRC-32 and that it is the checksum the shard metadata gives.
   *
   * @param checksum the checksum as Elasticsearch records it (base 36)
   */
  static void checkData(List<Path> parts, long length, String checksum) throws IOException, BadBlob {
    long total = 0;
    for (Path p : parts) {
      total += Files.size(p);
    }
    if (total != length) {
      throw new BadBlob("holds " + total + " bytes, the shard metadata says " + length);
    }
    if (length < FOOTER_LENGTH) {
      throw new BadBlob("is " + length + " bytes, shorter than a Lucene footer");
    }
    CRC32 crc = new CRC32();
    byte[] tail = new byte[FOOTER_LENGTH];
    long position = 0;
    byte[] buffer = new byte[BUFFER];
    for (Path p : parts) {
      try (InputStream in = Files.newInputStream(p)) {
        int n;
        while ((n = in.read(buffer)) > 0) {
          long crcEnd = length - Long.BYTES;
          int counted = (int) Math.max(0, Math.min(n, crcEnd - position));
          crc.update(buffer, 0, counted);
          long tailStart = length - FOOTER_LENGTH;
          for (long at = Math.max(position, tailStart); at < position + n; at++) {
            tail[(int) (at - tailStart)] = buffer[(int) (at - position)];
          }
          position += n;
        }
      }
    }
    ByteBuffer footer = ByteBuffer.wrap(tail);
    if (footer.getInt() != FOOTER_MAGIC || footer.getInt() != 0) {
      throw new BadBlob("does not end with a Lucene footer: it is truncated or overwritten");
    }
    long stored = footer.getLong();
    if (crc.getValue() != stored) {
      throw new BadBlob("is corrupted: its checksum is " + Long.toString(crc.getValue(), 36) + ", its footer says "
          + Long.toString(stored, 36));
    }
    if (checksum != null && !checksum.isEmpty() && !Long.toString(stored, Character.MAX_RADIX).equals(checksum)) {
      throw new BadBlob("has checksum " + Long.toString(stored, 36) + ", the shard metadata says " + checksum);
    }
  }

  private static boolean startsWith(byte[] b, int offset, byte[] prefix) {
    if (b.length - offset < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (b[offset + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
