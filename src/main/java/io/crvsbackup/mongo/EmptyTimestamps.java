package io.crvsbackup.mongo;

import java.nio.ByteBuffer;
import org.bson.BsonBinaryReader;
import org.bson.BsonType;
import org.bson.RawBsonDocument;

/**
 * Finds documents that a server would change on insert: MongoDB replaces a top-level timestamp
 * {@code Timestamp(0, 0)} (other than {@code _id}) by the current time. mongorestore inserts such
 * documents one by one and puts the original back; so do we (see {@link DriverSink}).
 */
final class EmptyTimestamps {
  private static final byte TIMESTAMP = 0x11;

  private EmptyTimestamps() {}

  static boolean hasTopLevel(RawBsonDocument document) {
    ByteBuffer bytes = document.getByteBuffer().asNIO();
    if (!containsByte(bytes, TIMESTAMP)) {
      return false;
    }
    try (BsonBinaryReader r = new BsonBinaryReader(bytes)) {
      r.readStartDocument();
      while (r.readBsonType() != BsonType.END_OF_DOCUMENT) {
        String name = r.readName();
        if (r.getCurrentBsonType() == BsonType.TIMESTAMP && !name.equals("_id")) {
          if (r.readTimestamp().getValue() == 0) {
            return true;
          }
        } else {
          r.skipValue();
        }
      }
      return false;
    }
  }

  private static boolean containsByte(ByteBuffer b, byte value) {
    for (int i = b.position(); i < b.limit(); i++) {
      if (b.get(i) == value) {
        return true;
      }
    }
    return false;
  }
}
