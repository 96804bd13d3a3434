package io.crvsbackup.mongo.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipException;

/** Splits the blocks of an archive back into its namespaces, checking each as it ends. */
final class Demultiplexer implements ArchiveReader {

  /** The running state of one namespace. */
  private static final class Open {
    final Crc64 crc = new Crc64();
    long documents;
    long bytes;
    boolean ended;
  }

  private final InputStream in;
  private final String name;
  private final BlockParser parser;
  private final ArchivePrelude prelude;
  private final Map<Namespace, CollectionMetadata> declared;
  private final Map<Namespace, Open> seen = new LinkedHashMap<>();
  private final List<NamespaceSummary> ended = new ArrayList<>();

  /** The namespace whose block is being read, or null between blocks, and its state. */
  private Namespace block;

  private Open blockState;

  private Event event;
  private long eventOffset;
  private Namespace namespace;
  private NamespaceSummary namespaceSummary;
  private ArchiveSummary summary;
  private ArchiveException failure;

  Demultiplexer(InputStream in, String name) throws IOException, ArchiveException {
    this.in = in;
    this.name = name;
    this.parser = new BlockParser(in);
    try {
      parser.readMagic();
    } catch (MalformedException e) {
      throw ArchiveException.corruption(name, null, 0, e.getMessage(), e);
    } catch (ZipException e) {
      throw gzipProblem(e);
    }
    try {
      this.prelude = PreludeCodec.read(parser, this::problem);
    } catch (ZipException e) {
      throw gzipProblem(e);
    }
    this.declared = prelude.byDataNamespace();
  }

  @Override
  public ArchivePrelude prelude() {
    return prelude;
  }

  @Override
  public Event next() throws IOException, ArchiveException {
    if (failure != null) {
      throw failure;
    }
    if (event == Event.END_OF_ARCHIVE) {
      return event;
    }
    try {
      event = advance();
      return event;
    } catch (MalformedException e) {
      failure = problem(block, parser.itemOffset(), e.getMessage(), e);
    } catch (ZipException e) {
      failure = gzipProblem(e);
    } catch (ArchiveException e) {
      failure = e;
    }
    throw failure;
  }

  private Event advance() throws IOException, MalformedException, ArchiveException {
    while (true) {
      BlockParser.Item item = parser.next();
      if (block != null) {
        if (item == BlockParser.Item.END) {
          throw new MalformedException("the archive ends inside a block (no terminator)");
        }
        if (item == BlockParser.Item.TERMINATOR) {
          block = null;
          continue;
        }
        blockState.crc.update(parser.buffer(), 0, parser.length());
        blockState.documents++;
        blockState.bytes += parser.length();
        namespace = block;
        eventOffset = parser.itemOffset();
        return Event.DOCUMENT;
      }
      if (item == BlockParser.Item.END) {
        finish();
        return Event.END_OF_ARCHIVE;
      }
      if (item == BlockParser.Item.TERMINATOR) {
        throw new MalformedException("two terminators in a row: a block has no header");
      }
      long headerOffset = parser.itemOffset();
      NamespaceHeader header = NamespaceHeader.decode(parser.buffer(), parser.length());
      Namespace ns = header.namespace();
      if (!declared.containsKey(ns)) {
        throw problem(ns, headerOffset, "the namespace is not declared in the prelude", null);
      }
      Open state = seen.computeIfAbsent(ns, k -> new Open());
      if (state.ended) {
        throw problem(ns, headerOffset, "the namespace appears again after its EOF", null);
      }
      if (!header.eof()) {
        block = ns;
        blockState = state;
        continue;
      }
      endNamespace(ns, state, header.crc(), headerOffset);
      return Event.END_OF_NAMESPACE;
    }
  }

  private void endNamespace(Namespace ns, Open state, long crc, long headerOffset)
      throws IOException, ArchiveException {
    BlockParser.Item after;
    try {
      after = parser.next();
    } catch (MalformedException e) {
      throw problem(ns, parser.itemOffset(), e.getMessage(), e);
    }
    if (after == BlockParser.Item.DOCUMENT) {
      throw problem(ns, parser.itemOffset(), "a document follows the namespace's EOF header", null);
    }
    if (after == BlockParser.Item.END) {
      throw problem(ns, parser.itemOffset(), "the archive ends after an EOF header", null);
    }
    if (state.crc.getValue() != crc) {
      throw problem(
          ns,
          headerOffset,
          "CRC mismatch: the EOF header says "
              + crc
              + " but the namespace's "
              + state.documents
              + " documents ("
              + state.bytes
              + " bytes) give "
              + state.crc.getValue(),
          null);
    }
    state.ended = true;
    namespace = ns;
    eventOffset = headerOffset;
    namespaceSummary = new NamespaceSummary(ns, state.documents, state.bytes, crc);
    ended.add(namespaceSummary);
  }

  private void finish() throws ArchiveException {
    long end = parser.position();
    for (Map.Entry<Namespace, Open> e : seen.entrySet()) {
      if (!e.getValue().ended) {
        throw problem(e.getKey(), end, "the archive ends before the namespace's EOF", null);
      }
    }
    for (Namespace ns : declared.keySet()) {
      if (!seen.containsKey(ns)) {
        throw problem(ns, end, "the archive ends but the declared namespace never appeared", null);
      }
    }
    namespace = null;
    eventOffset = end;
    summary = new ArchiveSummary(prelude, ended, end);
  }

  @Override
  public Namespace namespace() {
    return namespace;
  }

  @Override
  public ByteBuffer document() {
    requireDocument();
    return ByteBuffer.wrap(parser.buffer(), 0, parser.length()).asReadOnlyBuffer();
  }

  @Override
  public byte[] documentBytes() {
    requireDocument();
    byte[] copy = new byte[parser.length()];
    System.arraycopy(parser.buffer(), 0, copy, 0, copy.length);
    return copy;
  }

  @Override
  public NamespaceSummary namespaceSummary() {
    if (event != Event.END_OF_NAMESPACE) {
      throw new IllegalStateException("no namespace has just ended (at " + event + ")");
    }
    return namespaceSummary;
  }

  @Override
  public ArchiveSummary summary() {
    if (summary == null) {
      throw new IllegalStateException("the archive has not been read to its end");
    }
    return summary;
  }

  @Override
  public long offset() {
    return eventOffset;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  private void requireDocument() {
    if (event != Event.DOCUMENT) {
      throw new IllegalStateException("the reader is not on a document (at " + event + ")");
    }
  }

  private ArchiveException problem(Namespace ns, long offset, String detail, Throwable cause) {
    return ArchiveException.corruption(name, ns, offset, detail, cause);
  }

  private ArchiveException gzipProblem(ZipException e) {
    return problem(block, parser.position(), "gzip: " + e.getMessage(), e);
  }
}
