package io.crvsbackup.mongo.archive;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Puts the namespaces of an archive one after the other into one stream. Each {@link MuxInput}
 * hands over whole batches; the multiplexer writes a namespace header whenever the namespace
 * changes, ends the previous segment with a terminator, and writes each namespace's EOF. All
 * writes to {@code out} happen under one lock, in the calling thread.
 */
final class Multiplexer implements ArchiveWriter {
  private static final byte[] TERMINATOR = ArchiveFormat.intLe(ArchiveFormat.TERMINATOR);

  private enum State {
    DECLARED,
    OPEN,
    ENDED
  }

  private final Object lock = new Object();
  private final OutputStream out;
  private final String name;
  private final ArchivePrelude prelude;
  private final int batchBytes;
  private final Map<Namespace, State> states = new LinkedHashMap<>();
  private final List<NamespaceSummary> ended = new ArrayList<>();
  private Namespace current;
  private long written;
  private IOException failure;
  private boolean finished;

  Multiplexer(OutputStream out, String name, ArchivePrelude prelude, int batchBytes)
      throws IOException {
    this.out = out;
    this.name = name;
    this.prelude = prelude;
    this.batchBytes = batchBytes;
    prelude.dataNamespaces().forEach(ns -> states.put(ns, State.DECLARED));
    byte[] start = PreludeCodec.encode(prelude);
    synchronized (lock) {
      try {
        put(start, 0, start.length);
      } catch (IOException e) {
        failure = e;
        throw e;
      }
    }
  }

  @Override
  public ArchivePrelude prelude() {
    return prelude;
  }

  @Override
  public NamespaceWriter open(Namespace dataNamespace) {
    synchronized (lock) {
      State s = states.get(dataNamespace);
      if (s == null) {
        throw new IllegalArgumentException(
            dataNamespace + " is not a data namespace declared in the prelude of " + name);
      }
      if (s != State.DECLARED) {
        throw new IllegalStateException(dataNamespace + " was already opened in " + name);
      }
      states.put(dataNamespace, State.OPEN);
    }
    return new MuxInput(this, name, dataNamespace, batchBytes);
  }

  /** Writes {@code len} bytes of whole documents of {@code ns}, behind a header if needed. */
  void segment(Namespace ns, byte[] header, byte[] docs, int off, int len) throws IOException {
    synchronized (lock) {
      checkUsable();
      try {
        switchTo(ns, header);
        put(docs, off, len);
      } catch (IOException e) {
        failure = e;
        throw e;
      }
    }
  }

  /** Writes the rest of {@code ns} and its EOF; the namespace is done. */
  void end(Namespace ns, byte[] header, byte[] docs, int len, NamespaceSummary summary)
      throws IOException {
    synchronized (lock) {
      checkUsable();
      try {
        switchTo(ns, header);
        put(docs, 0, len);
        put(TERMINATOR, 0, TERMINATOR.length);
        byte[] eof = new NamespaceHeader(ns, true, summary.crc()).encode();
        put(eof, 0, eof.length);
        put(TERMINATOR, 0, TERMINATOR.length);
        current = null;
      } catch (IOException e) {
        failure = e;
        throw e;
      }
      states.put(ns, State.ENDED);
      ended.add(summary);
    }
  }

  @Override
  public ArchiveSummary finish() throws IOException, ArchiveException {
    synchronized (lock) {
      checkUsable();
      String missing =
          states.entrySet().stream()
              .filter(e -> e.getValue() != State.ENDED)
              .map(e -> e.getKey() + (e.getValue() == State.OPEN ? " (not ended)" : " (never opened)"))
              .collect(Collectors.joining(", "));
      if (!missing.isEmpty()) {
        throw ArchiveException.refused(
            name, null, "declared namespaces were not written to their end: " + missing);
      }
      try {
        out.flush();
      } catch (IOException e) {
        failure = e;
        throw e;
      }
      finished = true;
      return new ArchiveSummary(prelude, ended, written);
    }
  }

  private void checkUsable() throws IOException {
    if (failure != null) {
      throw new IOException("an earlier write to archive " + name + " failed", failure);
    }
    if (finished) {
      throw new IllegalStateException("archive " + name + " is already finished");
    }
  }

  private void switchTo(Namespace ns, byte[] header) throws IOException {
    if (!ns.equals(current)) {
      if (current != null) {
        put(TERMINATOR, 0, TERMINATOR.length);
      }
      put(header, 0, header.length);
      current = ns;
    }
  }

  private void put(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
    written += len;
  }
}
