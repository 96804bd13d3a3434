package io.crvsbackup.mongo;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.GZIPOutputStream;

/**
 * How an archive is compressed on its way to the file. Closing the returned stream finishes the
 * compression but must not be relied on to close {@code out} (the caller owns it).
 *
 * <p>{@link #PARALLEL_GZIP}, the default, compresses 1 MiB chunks on every core (up to {@link
 * #MAX_THREADS}) into a gzip stream of several members, off the threads that read the collections.
 * {@code mongorestore --gzip --archive} reads it (Go's gzip reader reads concatenated members), as
 * {@code MongoRoundTripIT.ourMultiMemberGzipArchiveRestoresWithMongorestoreAndReadsWithOurs} proves
 * with the real tool; so do gunzip and our archive reader. {@link #GZIP} is the single-member stream
 * that mongodump writes.
 */
@FunctionalInterface
interface Compression {
  /**
   * Uncompressed bytes per gzip member: cutting the input there cost 0.3% in size on OpenCRVS-shaped
   * data (bench/MongoBenchData.java, 20 MB: 3,383,685 bytes against 3,373,868 as one stream).
   */
  int CHUNK_BYTES = 1024 * 1024;

  Compression GZIP = out -> new GZIPOutputStream(out, 64 * 1024);

  /** The deflate level: zlib's default, as gzip and mongodump use. */
  int LEVEL = 6;

  /**
   * Compressing threads at most: 8 deflate at several hundred MB/s, more than any server sends, and
   * keep what waits in memory to about 4 x 8 MiB whatever the machine.
   */
  int MAX_THREADS = 8;

  Compression PARALLEL_GZIP = out -> new ParallelGzipOutputStream(
      out, Math.min(MAX_THREADS, Runtime.getRuntime().availableProcessors()), CHUNK_BYTES, LEVEL);

  OutputStream wrap(OutputStream out) throws IOException;
}
