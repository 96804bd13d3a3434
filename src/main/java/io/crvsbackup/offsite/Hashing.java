package io.crvsbackup.offsite;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 and byte counts of what streams past. */
final class Hashing {
  private Hashing() {}

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /** An output stream that hashes and counts what it passes on. */
  static final class Tee extends FilterOutputStream {
    private final MessageDigest md;
    private long count;
    private String hex;

    Tee(OutputStream out) {
      this(out, true);
    }

    /** A tee that only counts when {@code hash} is false. */
    Tee(OutputStream out, boolean hash) {
      super(out);
      this.md = hash ? Hashing.sha256() : null;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      if (md != null) {
        md.update(b, off, len);
      }
      count += len;
    }

    long count() {
      return count;
    }

    /** The hash of everything written; call once writing is over. */
    String sha256() {
      if (hex == null && md != null) {
        hex = HexFormat.of().formatHex(md.digest());
      }
      return hex;
    }
  }
}
