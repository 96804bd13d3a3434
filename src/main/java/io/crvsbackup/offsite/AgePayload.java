package io.crvsbackup.offsite;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The age payload: a 16-byte nonce, then the STREAM construction over ChaCha20-Poly1305 with
 * HKDF-SHA256(file key, nonce, "payload") as key, 64 KiB plaintext chunks, and a 12-byte chunk nonce of an
 * 11-byte big-endian counter and a last-chunk flag. Only the last chunk may be short, and it may be empty
 * only when the whole plaintext is. Memory is one chunk whatever the size.
 */
final class AgePayload {
  static final int NONCE_LENGTH = 16;
  static final int CHUNK = 64 * 1024;
  static final int TAG = 16;

  private AgePayload() {}

  static byte[] payloadKey(byte[] fileKey, byte[] nonce) {
    return Hkdf.derive(fileKey, nonce, "payload", 32);
  }

  /** Writes the nonce, then encrypts; {@link OutputStream#close()} writes the last chunk and closes {@code out}. */
  static OutputStream encrypt(OutputStream out, byte[] fileKey, byte[] nonce) throws IOException {
    out.write(nonce);
    return new Encrypting(out, payloadKey(fileKey, nonce));
  }

  /** Reads the nonce from {@code in}, then decrypts; a bad chunk or a missing last chunk fails the read. */
  static InputStream decrypt(InputStream in, byte[] fileKey) throws IOException {
    byte[] nonce = in.readNBytes(NONCE_LENGTH);
    if (nonce.length < NONCE_LENGTH) {
      throw new DecryptionException("the age file is truncated: its payload nonce is missing", false);
    }
    return new Decrypting(in, payloadKey(fileKey, nonce));
  }

  /**
   * One ChaCha20-Poly1305 instance for a whole payload, initialized again for each chunk's nonce (looking
   * the cipher up for every 64 KiB chunk cost a tenth of its encryption on a JDK with ChaCha intrinsics).
   */
  private static final class ChunkCipher {
    private final SecretKeySpec key;
    private final Cipher cipher;

    ChunkCipher(byte[] key) {
      this.key = new SecretKeySpec(key, "ChaCha20");
      try {
        this.cipher = Cipher.getInstance("ChaCha20-Poly1305");
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("the JDK has no ChaCha20-Poly1305: " + e.getMessage(), e);
      }
    }

    Cipher next(int mode, long counter, boolean last) throws GeneralSecurityException {
      byte[] nonce = new byte[12];
      for (int i = 0; i < 8; i++) {
        nonce[10 - i] = (byte) (counter >>> (8 * i));
      }
      nonce[11] = (byte) (last ? 1 : 0);
      cipher.init(mode, key, new IvParameterSpec(nonce));
      return cipher;
    }
  }

  private static final class Encrypting extends OutputStream {
    private final OutputStream out;
    private final ChunkCipher key;
    private final byte[] chunk = new byte[CHUNK];
    private final byte[] sealed = new byte[CHUNK + TAG];
    private int filled;
    private long counter;
    private boolean closed;

    Encrypting(OutputStream out, byte[] key) {
      this.out = out;
      this.key = new ChunkCipher(key);
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      while (len > 0) {
        if (filled == CHUNK) {
          // Only now is it known that this full chunk is not the last one.
          seal(false);
        }
        int n = Math.min(len, CHUNK - filled);
        System.arraycopy(b, off, chunk, filled, n);
        filled += n;
        off += n;
        len -= n;
      }
    }

    private void seal(boolean last) throws IOException {
      try {
        int n = key.next(Cipher.ENCRYPT_MODE, counter++, last).doFinal(chunk, 0, filled, sealed, 0);
        out.write(sealed, 0, n);
      } catch (GeneralSecurityException e) {
        throw new IOException("cannot encrypt an age chunk: " + e.getMessage(), e);
      }
      filled = 0;
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    @Override
    public void close() throws IOException {
      if (!closed) {
        closed = true;
        seal(true);
        out.close();
      }
    }
  }

  private static final class Decrypting extends BlockInputStream {
    private final ChunkCipher key;
    private final byte[] buf = new byte[CHUNK + TAG + 1];
    private int carried;
    private long counter;

    Decrypting(InputStream in, byte[] key) {
      super(in);
      this.key = new ChunkCipher(key);
    }

    /** Reads one encrypted chunk plus one byte of look-ahead, which tells whether this chunk is the last. */
    @Override
    protected byte[] nextBlock() throws IOException {
      int n = carried + in.readNBytes(buf, carried, buf.length - carried);
      boolean last = n <= CHUNK + TAG;
      int size = last ? n : CHUNK + TAG;
      if (size < TAG) {
        throw new DecryptionException("the age file is truncated: its last chunk is missing", false);
      }
      byte[] plain;
      try {
        plain = key.next(Cipher.DECRYPT_MODE, counter, last).doFinal(buf, 0, size);
      } catch (AEADBadTagException e) {
        throw new DecryptionException("age payload chunk " + counter + " does not authenticate: the file was"
            + (last ? " truncated, damaged or altered" : " damaged or altered"), false);
      } catch (GeneralSecurityException e) {
        throw new IOException("cannot decrypt an age chunk: " + e.getMessage(), e);
      }
      if (last && plain.length == 0 && counter > 0) {
        throw new DecryptionException("the age file ends with an empty chunk, which age forbids", false);
      }
      counter++;
      if (last) {
        finish();
        carried = 0;
      } else {
        buf[0] = buf[CHUNK + TAG];
        carried = 1;
      }
      return plain;
    }
  }
}
