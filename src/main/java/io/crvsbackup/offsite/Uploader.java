package io.crvsbackup.offsite;

import io.crvsbackup.store.AtomicFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Uploads files so that a half-copied file never carries its final name: each goes to {@code
 * <name>.crvs-partial}, sealed by the {@link Encryption} on its way, hashed while it streams; then the
 * server's own SHA-256 and size of the partial file are compared with ours, and only then is it renamed.
 * The check and rename of one file run in the background while the next one uploads (checks of small
 * files are batched into one command), so that checking costs little time.
 */
final class Uploader implements AutoCloseable {
  private static final int BUFFER = 256 * 1024;
  private static final int MAX_BATCH = 500;
  /** The size from which an encrypted upload runs as a pipeline of three threads. */
  private static final long PIPELINE_FROM = 8L << 20;
  /** Buffers in flight per pipeline stage. */
  private static final int STAGE_DEPTH = 4;

  /** An upload that finished: the stored object (path relative to nothing: the final remote path) and the plain bytes. */
  record Uploaded(RemoteManifest.StoredObject stored, long plainSize, String plainSha256) {}

  private record Pending(String partial, String target, long size, String sha, Uploaded done,
      Consumer<Uploaded> onDone, java.nio.file.Path local) {}

  private final Remote remote;
  private final Encryption encryption;
  private final OffsiteListener listener;
  private final ExecutorService checker = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "offsite-check");
    t.setDaemon(true);
    return t;
  });
  private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final List<Future<?>> running = new ArrayList<>();
  private volatile IOException failure;

  Uploader(Remote remote, Encryption encryption, OffsiteListener listener) {
    this.remote = remote;
    this.encryption = encryption;
    this.listener = listener;
  }

  /**
   * Uploads {@code content} to {@code target}; {@code onDone} runs (on the checking thread) once the copy
   * is checked and renamed.
   *
   * @param item names the file in progress events
   * @param total the plain size, for progress (-1 when unknown)
   * @throws IOException when this upload fails, or an earlier check failed
   */
  void upload(String target, String item, long total, AtomicFiles.Content content, Consumer<Uploaded> onDone)
      throws IOException {
    upload(target, item, total, content, true, onDone);
  }

  /**
   * As {@link #upload(String, String, long, AtomicFiles.Content, Consumer)}; with {@code plainHash} false the
   * plain bytes are only counted (a bundle, whose files are hashed one by one as they go in).
   */
  void upload(String target, String item, long total, AtomicFiles.Content content, boolean plainHash,
      Consumer<Uploaded> onDone) throws IOException {
    upload(target, item, total, content, plainHash, false, null, null, onDone);
  }

  /**
   * As {@link #upload(String, String, long, AtomicFiles.Content, Consumer)}, for a file of the Elasticsearch
   * mirror: sealed under the mirror key (see {@link Encryption#seal(OutputStream, boolean)}).
   */
  void uploadMirrored(String target, String item, long total, AtomicFiles.Content content, Consumer<Uploaded> onDone)
      throws IOException {
    upload(target, item, total, content, true, true, null, null, onDone);
  }

  /**
   * Uploads a local file whose SHA-256 its manifest records, without encryption: it is not hashed again on
   * its way (that would cost a core on the path of every byte); the server's hash must equal the recorded
   * one. When it does not, the local file is hashed to tell a damaged local file from a bad copy.
   */
  void uploadKnown(String target, String item, java.nio.file.Path file, long size, String sha256,
      Consumer<Uploaded> onDone) throws IOException {
    if (encryption.mode() != Encryption.Mode.NONE) {
      throw new IllegalStateException("a known hash is the stored hash only without encryption");
    }
    upload(target, item, size, out -> java.nio.file.Files.copy(file, out), false, false, sha256, file, onDone);
  }

  private void upload(String target, String item, long total, AtomicFiles.Content content, boolean plainHash,
      boolean mirrored, String knownSha, java.nio.file.Path local, Consumer<Uploaded> onDone) throws IOException {
    rethrow();
    String partial = RemoteLayout.partial(target);
    Hashing.Tee stored;
    Hashing.Tee plain;
    Encryption.Sealing sealing;
    // A big file is pipelined; small ones (most of an Elasticsearch repository) are sealed on the uploading
    // thread, as several of them upload at once: two stage threads and their buffers for each small file
    // cost more than the sealing.
    boolean pipelined = encryption.mode() != Encryption.Mode.NONE && (total < 0 || total >= PIPELINE_FROM);
    int buffer = total < 0 ? BUFFER : (int) Math.max(8192, Math.min(BUFFER, total));
    PipeOutputStream send = null;
    PipeOutputStream seal = null;
    try (OutputStream raw = remote.create(partial)) {
      stored = new Hashing.Tee(raw, knownSha == null);
      // With encryption, three threads share the work: reading, hashing and tarring here; encrypting (and
      // the MAC) on one stage; hashing what is stored and the SSH writes on the next.
      send = pipelined ? new PipeOutputStream(stored, BUFFER, STAGE_DEPTH, "offsite-send") : null;
      sealing = encryption.seal(send != null ? send : stored, mirrored);
      seal = pipelined ? new PipeOutputStream(sealing.out(), BUFFER, STAGE_DEPTH, "offsite-seal") : null;
      plain = new Hashing.Tee(new ItemProgress(listener, item, total).count(seal != null ? seal : sealing.out()),
          plainHash && encryption.mode() != Encryption.Mode.NONE);
      try (OutputStream out = new java.io.BufferedOutputStream(plain, buffer)) {
        content.writeTo(out);
      }
    } finally {
      // after a failure a stage may not have been closed through the chain: end its thread (no-op otherwise)
      PipeOutputStream.abandon(seal);
      PipeOutputStream.abandon(send);
    }
    String storedSha = knownSha != null ? knownSha : stored.sha256();
    Uploaded done = new Uploaded(
        new RemoteManifest.StoredObject(target, stored.count(), storedSha,
            sealing.mac(stored.count(), java.util.HexFormat.of().parseHex(storedSha)), sealing.keyCheck()),
        plain.count(), encryption.mode() == Encryption.Mode.NONE ? storedSha : plain.sha256());
    queue.add(new Pending(partial, target, stored.count(), storedSha, done, onDone, local));
    synchronized (running) {
      running.add(checker.submit(this::checkPending));
    }
  }

  /** Waits until every upload is checked and renamed; throws the first failure. */
  void await() throws IOException {
    List<Future<?>> all;
    synchronized (running) {
      all = new ArrayList<>(running);
      running.clear();
    }
    for (Future<?> f : all) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for the checks of uploaded files", e);
      } catch (java.util.concurrent.ExecutionException e) {
        // recorded in failure
      }
    }
    rethrow();
  }

  private void rethrow() throws IOException {
    if (failure != null) {
      throw failure;
    }
  }

  /** Checks everything queued so far in one batch, then renames what passed. */
  private void checkPending() {
    List<Pending> batch = new ArrayList<>();
    queue.drainTo(batch, MAX_BATCH);
    if (batch.isEmpty() || failure != null) {
      return;
    }
    try {
      long bytes = batch.stream().mapToLong(Pending::size).sum();
      Map<String, Remote.Checked> seen = remote.check(batch.stream().map(Pending::partial).toList(), bytes);
      Map<String, String> renames = new java.util.LinkedHashMap<>();
      for (Pending p : batch) {
        Remote.Checked c = seen.get(p.partial());
        if (c.size() != p.size() || !p.sha().equals(c.sha256())) {
          String actual = p.local() == null ? null : EsMirror.sha256(p.local());
          if (actual != null && !actual.equals(p.sha())) {
            throw new BundleWriter.LocalDamageException(p.local() + " on the local disk has sha256 " + actual
                + ", its manifest says " + p.sha() + ": it is damaged; run crvs-backup verify");
          }
          throw new CopyCheckException("the copy of " + p.target() + " on " + remote.server() + " is not what was"
              + " sent (" + c.size() + " bytes, sha256 " + c.sha256() + "; sent " + p.size() + " bytes, "
              + p.sha() + "); it was left as " + p.partial());
        }
        renames.put(p.partial(), p.target());
      }
      remote.renameAll(renames);
      batch.forEach(p -> p.onDone().accept(p.done()));
    } catch (IOException e) {
      failure = e;
    } catch (RuntimeException e) {
      failure = new IOException(e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    checker.shutdown();
    try {
      checker.awaitTermination(10, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A copy on the server differs from what was sent. */
  static final class CopyCheckException extends IOException {
    private static final long serialVersionUID = 1L;

    CopyCheckException(String message) {
      super(message);
    }
  }
}
