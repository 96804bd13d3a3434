package io.crvsbackup.influx;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * One gzip member whose header carries a file name (FNAME), as influxd's shard files do
 * ({@code <ts>.sNN.tar} inside {@code <ts>.sNN.tar.gz}); the JDK's GZIPOutputStream cannot name it.
 * {@link #finish()} writes the trailer; closing never closes the stream underneath.
 */
final class GzipOutput extends FilterOutputStream {
  private static final int FNAME = 0x08;
  private static final int OS_UNKNOWN = 0xff;
  private final CRC32 crc = new CRC32();
  private final Deflater deflater;
  private final DeflaterOutputStream deflate;
  private final OutputStream raw;
  private long size;
  private boolean finished;

  GzipOutput(OutputStream raw, String name, int level) throws IOException {
    super(raw);
    this.raw = raw;
    byte[] n = name.getBytes(StandardCharsets.ISO_8859_1);
    int xfl = level == Deflater.BEST_SPEED ? 4 : level == Deflater.BEST_COMPRESSION ? 2 : 0;
    raw.write(new byte[] {0x1f, (byte) 0x8b, Deflater.DEFLATED, FNAME, 0, 0, 0, 0, (byte) xfl, (byte) OS_UNKNOWN});
    raw.write(n);
    raw.write(0);
    this.deflater = new Deflater(level, true);
    // never closed, only finished: the stream underneath stays open
    this.deflate = new DeflaterOutputStream(raw, deflater, 64 * 1024);
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    deflate.write(b, off, len);
    crc.update(b, off, len);
    size += len;
  }

  /** Ends the deflate stream and writes the CRC-32 and length; the stream underneath stays open. */
  void finish() throws IOException {
    if (finished) {
      return;
    }
    finished = true;
    try {
      deflate.finish();
      long c = crc.getValue();
      raw.write(new byte[] {
          (byte) c, (byte) (c >> 8), (byte) (c >> 16), (byte) (c >> 24),
          (byte) size, (byte) (size >> 8), (byte) (size >> 16), (byte) (size >> 24)});
      raw.flush();
    } finally {
      deflater.end();
    }
  }

  @Override
  public void close() throws IOException {
    finish();
  }

  /** Frees the deflater without writing a trailer, after a failure; harmless after {@link #finish()}. */
  void release() {
    if (!finished) {
      finished = true;
      deflater.end();
    }
  }
}
