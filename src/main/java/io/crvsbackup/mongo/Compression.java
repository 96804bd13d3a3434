package io.crvsbackup.mongo;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.GZIPOutputStream;

/**
 * How an archive is compressed on its way to the file. {@code mongorestore --gzip --archive} reads one
 * gzip stream; a parallel compressor writing several gzip members can replace {@link #GZIP} here once
 * it is proven that mongorestore accepts it. Closing the returned stream finishes the compression but
 * must not be relied on to close {@code out} (the caller owns it).
 */
@FunctionalInterface
interface Compression {
  Compression GZIP = out -> new GZIPOutputStream(out, 64 * 1024);

  OutputStream wrap(OutputStream out) throws IOException;
}
