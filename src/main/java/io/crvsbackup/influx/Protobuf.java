package io.crvsbackup.influx;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The protocol-buffers wire format, as far as the InfluxDB metastore needs it: varints, length-delimited
 * fields, and skipping fields we do not read. Readers work on a slice of a byte array and never copy it.
 */
final class Protobuf {
  static final int VARINT = 0;
  static final int FIXED64 = 1;
  static final int LENGTH = 2;
  static final int FIXED32 = 5;

  private Protobuf() {}

  /** Reads the fields of one message. */
  static final class Reader {
    private final byte[] buf;
    private final int end;
    private final String what;
    private int pos;
    private int fieldStart;

    Reader(byte[] buf, String what) {
      this(buf, 0, buf.length, what);
    }

    private Reader(byte[] buf, int from, int end, String what) {
      this.buf = buf;
      this.pos = from;
      this.end = end;
      this.what = what;
    }

    boolean hasNext() {
      return pos < end;
    }

    /** Reads the next field's key; {@link #field} and {@link #wireType} split it. */
    int key() throws FormatException {
      fieldStart = pos;
      long key = varint();
      if (key <= 0 || key > Integer.MAX_VALUE || (key >>> 3) == 0) {
        throw new FormatException(what + ": bad protobuf field key " + key + " at byte " + fieldStart);
      }
      return (int) key;
    }

    static int field(int key) {
      return key >>> 3;
    }

    static int wireType(int key) {
      return key & 7;
    }

    /** Where the field whose key was read last begins (its key included). */
    int fieldStart() {
      return fieldStart;
    }

    int position() {
      return pos;
    }

    long varint() throws FormatException {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        if (pos >= end) {
          throw new FormatException(what + ": protobuf varint runs past the end");
        }
        byte b = buf[pos++];
        v |= (long) (b & 0x7f) << shift;
        if (b >= 0) {
          return v;
        }
      }
      throw new FormatException(what + ": protobuf varint longer than 10 bytes");
    }

    /** The value of a varint field whose key was just read; refuses another wire type. */
    long varint(int key) throws FormatException {
      expect(key, VARINT);
      return varint();
    }

    /** The value of a string field whose key was just read; refuses another wire type. */
    String string(int key) throws FormatException {
      expect(key, LENGTH);
      return string();
    }

    /** An embedded message whose key was just read; refuses another wire type. */
    Reader message(int key) throws FormatException {
      expect(key, LENGTH);
      return message();
    }

    private void expect(int key, int wireType) throws FormatException {
      if (wireType(key) != wireType) {
        throw new FormatException(what + ": protobuf field " + field(key) + " has wire type " + wireType(key)
            + " where " + wireType + " belongs, at byte " + fieldStart);
      }
    }

    /** A length-delimited field's content as a reader of its own (an embedded message). */
    Reader message() throws FormatException {
      int len = length();
      Reader r = new Reader(buf, pos, pos + len, what);
      pos += len;
      return r;
    }

    String string() throws FormatException {
      int len = length();
      String s = new String(buf, pos, len, StandardCharsets.UTF_8);
      pos += len;
      return s;
    }

    byte[] bytes() throws FormatException {
      int len = length();
      byte[] out = new byte[len];
      System.arraycopy(buf, pos, out, 0, len);
      pos += len;
      return out;
    }

    /** Skips the value of a field with this key. */
    void skip(int key) throws FormatException {
      switch (wireType(key)) {
        case VARINT -> varint();
        case FIXED64 -> advance(8);
        case LENGTH -> advance(length());
        case FIXED32 -> advance(4);
        default -> throw new FormatException(
            what + ": unsupported protobuf wire type " + wireType(key) + " at byte " + fieldStart);
      }
    }

    private int length() throws FormatException {
      long len = varint();
      if (len < 0 || len > end - pos) {
        throw new FormatException(what + ": protobuf field of " + len + " bytes runs past the end ("
            + (end - pos) + " left); the data is truncated or not a metastore");
      }
      return (int) len;
    }

    private void advance(int n) throws FormatException {
      if (n > end - pos) {
        throw new FormatException(what + ": protobuf field runs past the end");
      }
      pos += n;
    }
  }

  /** Writes fields into a growing buffer. */
  static final class Writer {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Writer varintField(int field, long value) {
      varint(((long) field << 3) | VARINT);
      varint(value);
      return this;
    }

    Writer bytesField(int field, byte[] value) {
      varint(((long) field << 3) | LENGTH);
      varint(value.length);
      out.write(value, 0, value.length);
      return this;
    }

    Writer raw(byte[] buf, int from, int to) {
      out.write(buf, from, to - from);
      return this;
    }

    byte[] toByteArray() {
      return out.toByteArray();
    }

    private void varint(long v) {
      while ((v & ~0x7fL) != 0) {
        out.write((int) ((v & 0x7f) | 0x80));
        v >>>= 7;
      }
      out.write((int) v);
    }
  }
}
