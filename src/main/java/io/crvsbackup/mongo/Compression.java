package io.crvsbackup.mongo;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.GZIPOutputStream;

/**
 * How an archive is compressed on its way to the file. Closing the returned stream finishes the
 * compression but must not be relied on to close {@code out} (the caller owns it).
 *
 * <p>{@link #PARALLEL_GZIP}, the default, compresses 1 MiB chunks on every core into a gzip stream
 * of several members. {@code mongorestore --gzip --archive} reads it (Go's gzip reader reads
 * concatenated members), as {@code MongoParallelGzipIT} proves with the real tool; so do gunzip and
 * our archive reader. {@link #GZIP} is the single-member stream that mongodump writes.
 */
@FunctionalInterface
interface Compression {
  /** Uncompressed bytes per gzip member: large enough that cutting the input costs under 0.1%. */
  int CHUNK_BYTES = 1024 * 1024;

  Compression GZIP = out -> new GZIPOutputStream(out, 64 * 1024);

  /** The deflate level: zlib's default, as gzip and mongodump use. */
  int LEVEL = 6;

  Compression PARALLEL_GZIP = out -> new ParallelGzipOutputStream(
      out, Runtime.getRuntime().availableProcessors(), CHUNK_BYTES, LEVEL);

  OutputStream wrap(OutputStream out) throws IOException;
}
