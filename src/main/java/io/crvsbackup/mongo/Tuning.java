package io.crvsbackup.mongo;

import java.time.Duration;

/**
 * The engine's knobs that are not configuration: timeouts, batch sizes, how often progress is told,
 * and how archives are compressed. Production uses {@link #DEFAULTS}; tests shorten the timeout or
 * shrink the batches to reach an edge sooner.
 *
 * @param serverSelection how long to wait for a server before saying it cannot be reached (used
 *     unless the URI sets {@code serverSelectionTimeoutMS})
 * @param cursorBatch documents per getMore when dumping; 0 lets the server choose (up to 16 MiB)
 * @param archiveBatchBytes the archive writer's batch per collection
 * @param insertBatchDocuments documents per insert command when restoring
 * @param insertBatchBytes bytes per insert command when restoring
 * @param pendingBytes bytes of documents held at once while restoring, across every collection,
 *     before the largest pending batch is sent early
 * @param progressEvery at most one progress event per collection this often
 * @param compression how the archive stream is compressed
 */
record Tuning(
    Duration serverSelection,
    int cursorBatch,
    int archiveBatchBytes,
    int insertBatchDocuments,
    int insertBatchBytes,
    long pendingBytes,
    Duration progressEvery,
    Compression compression) {

  static final Tuning DEFAULTS =
      new Tuning(
          Duration.ofSeconds(12),
          0,
          1024 * 1024,
          1000,
          8 * 1024 * 1024,
          32L * 1024 * 1024,
          Duration.ofSeconds(1),
          Compression.PARALLEL_GZIP);

  Tuning withServerSelection(Duration d) {
    return new Tuning(d, cursorBatch, archiveBatchBytes, insertBatchDocuments, insertBatchBytes,
        pendingBytes, progressEvery, compression);
  }

  Tuning withCursorBatch(int n) {
    return new Tuning(serverSelection, n, archiveBatchBytes, insertBatchDocuments, insertBatchBytes,
        pendingBytes, progressEvery, compression);
  }

  Tuning withInsertBatch(int documents, int bytes, long pending) {
    return new Tuning(serverSelection, cursorBatch, archiveBatchBytes, documents, bytes, pending,
        progressEvery, compression);
  }

  Tuning withProgressEvery(Duration d) {
    return new Tuning(serverSelection, cursorBatch, archiveBatchBytes, insertBatchDocuments,
        insertBatchBytes, pendingBytes, d, compression);
  }

  Tuning withCompression(Compression c) {
    return new Tuning(serverSelection, cursorBatch, archiveBatchBytes, insertBatchDocuments,
        insertBatchBytes, pendingBytes, progressEvery, c);
  }
}
