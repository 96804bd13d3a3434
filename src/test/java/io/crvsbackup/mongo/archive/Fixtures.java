package io.crvsbackup.mongo.archive;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.bson.BsonDocument;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;

/** Test data: the mongodump archives under resources, and helpers to read and build archives. */
final class Fixtures {
  static final String TEST_BAR = "test.bar.archive";
  static final String OPLOG = "dump-w-oplog.archive";
  static final String TIMESERIES = "timeseries_tests-dump.archive";
  static final String BAD_FORMAT = "bad-format.archive";

  private Fixtures() {}

  static byte[] bytes(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/mongo/archive/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Everything an archive holds, read with the reader under test. */
  record Read(
      ArchivePrelude prelude,
      Map<Namespace, List<byte[]>> documents,
      List<Namespace> endOrder,
      ArchiveSummary summary) {}

  static Read read(byte[] archive, String name) throws IOException, ArchiveException {
    try (ArchiveReader r = ArchiveReader.open(new ByteArrayInputStream(archive), name)) {
      Map<Namespace, List<byte[]>> docs = new LinkedHashMap<>();
      List<Namespace> ends = new ArrayList<>();
      int guard = 0;
      for (ArchiveReader.Event e = r.next(); e != ArchiveReader.Event.END_OF_ARCHIVE; e = r.next()) {
        if (++guard > 10_000_000) {
          throw new AssertionError("reader does not end");
        }
        if (e == ArchiveReader.Event.DOCUMENT) {
          docs.computeIfAbsent(r.namespace(), k -> new ArrayList<>()).add(r.documentBytes());
        } else {
          docs.computeIfAbsent(r.namespace(), k -> new ArrayList<>());
          ends.add(r.namespace());
        }
      }
      return new Read(r.prelude(), docs, ends, r.summary());
    }
  }

  static byte[] gzip(byte[] data) {
    return gzipMembers(data, data.length + 1);
  }

  /** Gzips {@code data} as consecutive members of at most {@code memberBytes} input bytes each. */
  static byte[] gzipMembers(byte[] data, int memberBytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      for (int off = 0; off < data.length || off == 0; off += memberBytes) {
        GZIPOutputStream gz = new GZIPOutputStream(out);
        gz.write(data, off, Math.min(memberBytes, data.length - off));
        gz.close(); // ends the Deflater; closing a ByteArrayOutputStream does nothing
        if (data.length == 0) {
          break;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** The BSON bytes of {@code json}, encoded by the driver rather than by the code under test. */
  static byte[] bson(String json) {
    return bson(BsonDocument.parse(json));
  }

  static byte[] bson(BsonDocument doc) {
    RawBsonDocument raw = new RawBsonDocument(doc, new BsonDocumentCodec());
    byte[] out = new byte[raw.getByteBuffer().remaining()];
    raw.getByteBuffer().get(out);
    return out;
  }

  /** Builds archive bytes piece by piece, to make broken ones. */
  static final class Raw {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Raw magic() {
      return bytes(0x6d, 0xe2, 0x99, 0x81);
    }

    Raw terminator() {
      return bytes(0xff, 0xff, 0xff, 0xff);
    }

    Raw doc(String json) {
      return raw(bson(json));
    }

    Raw header(String serverVersion) {
      return doc(
          "{concurrent_collections: 1, version: '0.1', server_version: '"
              + serverVersion
              + "', tool_version: 'test'}");
    }

    Raw declare(String db, String coll) {
      return doc(
          "{db: '" + db + "', collection: '" + coll + "', metadata: '{\"indexes\":[]}', size: 0,"
              + " type: 'collection'}");
    }

    Raw ns(String db, String coll) {
      return doc(
          "{db: '" + db + "', collection: '" + coll + "', EOF: false, CRC: {$numberLong: '0'}}");
    }

    Raw eof(String db, String coll, long crc) {
      return doc(
          "{db: '" + db + "', collection: '" + coll + "', EOF: true, CRC: {$numberLong: '"
              + crc + "'}}");
    }

    Raw raw(byte[] b) {
      out.writeBytes(b);
      return this;
    }

    Raw bytes(int... b) {
      for (int x : b) {
        out.write(x);
      }
      return this;
    }

    int size() {
      return out.size();
    }

    byte[] toByteArray() {
      return out.toByteArray();
    }
  }
}
