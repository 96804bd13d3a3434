package io.crvsbackup.influx;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes and re-frames the InfluxDB metastore. Three wrappings exist (see spec.md): the snapshotter's
 * backup answer (magic, length, protobuf, length, node JSON), the portable {@code .meta} file (a
 * {@code PortableData} protobuf holding the same protobuf), and the bare protobuf {@code meta.Data} that
 * a metastore update sends.
 */
final class MetaCodec {
  /** First eight bytes (big-endian) of a metastore backup answer and of a metastore update reply. */
  static final long MAGIC = 0x59590101L;

  // meta.Data
  private static final int DATA_DATABASES = 5;
  private static final int DATA_USERS = 6;
  // meta.DatabaseInfo
  private static final int DB_NAME = 1;
  private static final int DB_DEFAULT_RP = 2;
  private static final int DB_RPS = 3;
  private static final int DB_CQS = 4;
  // backup_util.PortableData
  private static final int PORTABLE_DATA = 1;
  private static final int PORTABLE_MAX_NODE_ID = 2;

  private MetaCodec() {}

  /**
   * The metastore protobuf inside a metastore backup answer.
   *
   * @throws FormatException when the answer does not start with the magic or its length is wrong
   */
  static byte[] unframe(byte[] answer, String what) throws FormatException {
    if (answer.length < 16 || ByteBuffer.wrap(answer, 0, 8).getLong() != MAGIC) {
      throw new FormatException(what + " is not a metastore backup (" + answer.length
          + " bytes, no magic 0x59590101): the address is not InfluxDB's RPC service, or the server refused");
    }
    long length = ByteBuffer.wrap(answer, 8, 8).getLong();
    if (length < 0 || length > answer.length - 16) {
      throw new FormatException(what + " announces " + length + " bytes of metastore but holds "
          + (answer.length - 16) + ": the answer is truncated");
    }
    byte[] data = new byte[(int) length];
    System.arraycopy(answer, 16, data, 0, data.length);
    return data;
  }

  /** The {@code .meta} file's bytes: {@code PortableData{Data: data, MaxNodeID: 0}}, as influxd writes it. */
  static byte[] pack(byte[] data) {
    return new Protobuf.Writer().bytesField(PORTABLE_DATA, data).varintField(PORTABLE_MAX_NODE_ID, 0).toByteArray();
  }

  /**
   * The metastore protobuf inside a {@code .meta} file.
   *
   * @throws FormatException when the file is not a {@code PortableData} message with its data
   */
  static byte[] unpack(byte[] file, String what) throws FormatException {
    Protobuf.Reader r = new Protobuf.Reader(file, what);
    byte[] data = null;
    boolean maxNode = false;
    while (r.hasNext()) {
      int key = r.key();
      if (Protobuf.Reader.field(key) == PORTABLE_DATA && Protobuf.Reader.wireType(key) == Protobuf.LENGTH) {
        data = r.bytes();
      } else if (Protobuf.Reader.field(key) == PORTABLE_MAX_NODE_ID
          && Protobuf.Reader.wireType(key) == Protobuf.VARINT) {
        r.varint();
        maxNode = true;
      } else {
        r.skip(key);
      }
    }
    if (data == null || !maxNode) {
      throw new FormatException(what + " is not an InfluxDB 1.x portable metastore file (no "
          + (data == null ? "Data" : "MaxNodeID") + " field)");
    }
    return data;
  }

  /** Decodes the databases of a metastore protobuf. */
  static MetaData decode(byte[] data, String what) throws FormatException {
    List<MetaData.Database> dbs = new ArrayList<>();
    Protobuf.Reader r = new Protobuf.Reader(data, what);
    boolean any = false;
    while (r.hasNext()) {
      int key = r.key();
      any = true;
      if (Protobuf.Reader.field(key) == DATA_DATABASES && Protobuf.Reader.wireType(key) == Protobuf.LENGTH) {
        dbs.add(database(r.message(key)));
      } else {
        r.skip(key);
      }
    }
    if (!any) {
      throw new FormatException(what + " holds an empty metastore");
    }
    return new MetaData(data, dbs);
  }

  /**
   * A copy of a metastore protobuf that keeps only one database and no users: every other field is
   * copied byte for byte. A metastore update needs nothing else, and the smaller upload spares servers
   * before 1.8.10, which read the upload with a single socket read.
   */
  static byte[] onlyDatabase(byte[] data, String database, String what) throws FormatException {
    Protobuf.Writer w = new Protobuf.Writer();
    Protobuf.Reader r = new Protobuf.Reader(data, what);
    while (r.hasNext()) {
      int key = r.key();
      int from = r.fieldStart();
      int field = Protobuf.Reader.field(key);
      boolean keep = true;
      if (field == DATA_DATABASES && Protobuf.Reader.wireType(key) == Protobuf.LENGTH) {
        keep = nameOf(r.message()).equals(database);
      } else {
        r.skip(key);
        keep = field != DATA_USERS;
      }
      if (keep) {
        w.raw(data, from, r.position());
      }
    }
    return w.toByteArray();
  }

  private static String nameOf(Protobuf.Reader db) throws FormatException {
    while (db.hasNext()) {
      int key = db.key();
      if (Protobuf.Reader.field(key) == DB_NAME && Protobuf.Reader.wireType(key) == Protobuf.LENGTH) {
        return db.string();
      }
      db.skip(key);
    }
    return "";
  }

  private static MetaData.Database database(Protobuf.Reader r) throws FormatException {
    String name = "";
    String defaultRp = "";
    List<MetaData.RetentionPolicy> rps = new ArrayList<>();
    List<MetaData.ContinuousQuery> cqs = new ArrayList<>();
    while (r.hasNext()) {
      int key = r.key();
      switch (Protobuf.Reader.field(key)) {
        case DB_NAME -> name = r.string(key);
        case DB_DEFAULT_RP -> defaultRp = r.string(key);
        case DB_RPS -> rps.add(retentionPolicy(r.message(key)));
        case DB_CQS -> cqs.add(continuousQuery(r.message(key)));
        default -> r.skip(key);
      }
    }
    return new MetaData.Database(name, defaultRp, rps, cqs);
  }

  private static MetaData.RetentionPolicy retentionPolicy(Protobuf.Reader r) throws FormatException {
    String name = "";
    long duration = 0;
    long groupDuration = 0;
    int replicaN = 0;
    List<MetaData.ShardGroup> groups = new ArrayList<>();
    while (r.hasNext()) {
      int key = r.key();
      switch (Protobuf.Reader.field(key)) {
        case 1 -> name = r.string(key);
        case 2 -> duration = r.varint(key);
        case 3 -> groupDuration = r.varint(key);
        case 4 -> replicaN = (int) r.varint(key);
        case 5 -> groups.add(shardGroup(r.message(key)));
        default -> r.skip(key);
      }
    }
    return new MetaData.RetentionPolicy(name, duration, groupDuration, replicaN, groups);
  }

  private static MetaData.ShardGroup shardGroup(Protobuf.Reader r) throws FormatException {
    long id = 0;
    long start = 0;
    long end = 0;
    long deleted = 0;
    List<Long> shards = new ArrayList<>();
    while (r.hasNext()) {
      int key = r.key();
      switch (Protobuf.Reader.field(key)) {
        case 1 -> id = r.varint(key);
        case 2 -> start = r.varint(key);
        case 3 -> end = r.varint(key);
        case 4 -> deleted = r.varint(key);
        case 5 -> shards.add(shardId(r.message(key)));
        default -> r.skip(key);
      }
    }
    return new MetaData.ShardGroup(id, start, end, deleted, shards);
  }

  private static long shardId(Protobuf.Reader r) throws FormatException {
    long id = 0;
    while (r.hasNext()) {
      int key = r.key();
      if (Protobuf.Reader.field(key) == 1 && Protobuf.Reader.wireType(key) == Protobuf.VARINT) {
        id = r.varint();
      } else {
        r.skip(key);
      }
    }
    return id;
  }

  private static MetaData.ContinuousQuery continuousQuery(Protobuf.Reader r) throws FormatException {
    String name = "";
    String query = "";
    while (r.hasNext()) {
      int key = r.key();
      switch (Protobuf.Reader.field(key)) {
        case 1 -> name = r.string(key);
        case 2 -> query = r.string(key);
        default -> r.skip(key);
      }
    }
    return new MetaData.ContinuousQuery(name, query);
  }
}
