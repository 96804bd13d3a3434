package io.crvsbackup.mongo.archive;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.bson.BsonDocument;

/**
 * Writes and reads the start of an archive: magic number, header document, one collection-metadata
 * document per declaration, terminator.
 */
final class PreludeCodec {
  private PreludeCodec() {}

  /** The magic number, the prelude and its terminator: everything before the first block. */
  static byte[] encode(ArchivePrelude prelude) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(ArchiveFormat.intLe(ArchiveFormat.MAGIC));
    out.writeBytes(header(prelude));
    for (CollectionMetadata c : prelude.collections()) {
      out.writeBytes(metadata(c));
    }
    out.writeBytes(ArchiveFormat.intLe(ArchiveFormat.TERMINATOR));
    return out.toByteArray();
  }

  static byte[] header(ArchivePrelude p) {
    return Bson.encode(
        w -> {
          w.writeInt32("concurrent_collections", p.concurrentCollections());
          w.writeString("version", p.formatVersion());
          w.writeString("server_version", p.serverVersion());
          w.writeString("tool_version", p.toolVersion());
        });
  }

  static byte[] metadata(CollectionMetadata c) {
    return Bson.encode(
        w -> {
          w.writeString("db", c.namespace().db());
          w.writeString("collection", c.namespace().collection());
          w.writeString("metadata", c.metadataJson());
          if (c.size() == (int) c.size()) {
            w.writeInt32("size", (int) c.size());
          } else {
            w.writeInt64("size", c.size());
          }
          if (c.typeField() != null) {
            w.writeString("type", c.typeField());
          }
        });
  }

  /** Receives the prelude's pieces as they are read, with their offsets, to report problems. */
  interface Problems {
    ArchiveException at(Namespace namespace, long offset, String detail, Throwable cause);
  }

  /** Reads the prelude from just after the magic number to its terminator. */
  static ArchivePrelude read(BlockParser parser, Problems problems)
      throws IOException, ArchiveException {
    BsonDocument header;
    try {
      BlockParser.Item first = parser.next();
      if (first == BlockParser.Item.END) {
        throw problems.at(null, parser.itemOffset(), "the archive ends before its header", null);
      }
      if (first == BlockParser.Item.TERMINATOR) {
        throw problems.at(null, parser.itemOffset(), "the prelude has no header document", null);
      }
      header = Bson.decode(parser.buffer(), parser.length());
    } catch (MalformedException e) {
      throw problems.at(null, parser.itemOffset(), "prelude header: " + e.getMessage(), e);
    }
    long headerOffset = parser.itemOffset();
    List<CollectionMetadata> collections = new ArrayList<>();
    while (true) {
      BlockParser.Item item;
      try {
        item = parser.next();
      } catch (MalformedException e) {
        throw problems.at(null, parser.itemOffset(), "prelude: " + e.getMessage(), e);
      }
      if (item == BlockParser.Item.TERMINATOR) {
        break;
      }
      if (item == BlockParser.Item.END) {
        throw problems.at(
            null, parser.itemOffset(), "the archive ends inside the prelude (no terminator)", null);
      }
      collections.add(metadata(parser, problems));
    }
    try {
      return new ArchivePrelude(
          (int) Bson.integer(header, "concurrent_collections"),
          Bson.string(header, "version", ""),
          Bson.string(header, "server_version", ""),
          Bson.string(header, "tool_version", ""),
          collections);
    } catch (MalformedException | IllegalArgumentException e) {
      throw problems.at(null, headerOffset, "prelude: " + e.getMessage(), e);
    }
  }

  private static CollectionMetadata metadata(BlockParser parser, Problems problems)
      throws ArchiveException {
    Namespace ns = null;
    try {
      BsonDocument d = Bson.decode(parser.buffer(), parser.length());
      String collection = Bson.string(d, "collection", "");
      if (collection.isEmpty()) {
        throw new MalformedException("collection metadata names no collection");
      }
      ns = new Namespace(Bson.string(d, "db", ""), collection);
      String json = Bson.string(d, "metadata", "");
      String type = Bson.string(d, "type", null);
      long size = Bson.integer(d, "size");
      try {
        return CollectionMetadata.parse(ns, type, size, json);
      } catch (RuntimeException e) {
        throw new MalformedException("metadata is not valid Extended JSON: " + e.getMessage(), e);
      }
    } catch (MalformedException e) {
      throw problems.at(ns, parser.itemOffset(), "collection metadata: " + e.getMessage(), e);
    }
  }
}
