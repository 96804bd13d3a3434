package io.crvsbackup.offsite;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.IllegalBlockSizeException;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The file format of {@code openssl enc -aes-256-cbc -salt -pbkdf2} (OpenSSL 1.1.1 and later), which
 * OpenCRVS 1.4+ uses for its {@code <label>.tar.gz.enc} bundles: the 8 bytes {@code Salted__}, an 8-byte
 * random salt, then AES-256-CBC with PKCS#7 padding, key and IV being the 48 bytes of
 * PBKDF2-HMAC-SHA256(passphrase, salt, 10000 iterations). See {@code spec.md}.
 *
 * <p>The format has no integrity check of its own (CBC is malleable, and a wrong passphrase is noticed
 * only by a bad padding at the end, by chance one time in 256 not even then). So we add, outside the
 * file, a MAC of its bytes under a key derived from the same passphrase and salt, and a short key check;
 * both are kept in the remote manifest (see {@link Keys}).
 */
final class OpensslEnc {
  static final byte[] MAGIC = "Salted__".getBytes(StandardCharsets.US_ASCII);
  static final int SALT_LENGTH = 8;
  static final int HEADER_LENGTH = MAGIC.length + SALT_LENGTH;
  static final int ITERATIONS = 10_000;
  /** Iterations of a mirror file under its (already stretched) mirror passphrase. */
  static final int MIRROR_ITERATIONS = 1;
  static final int MIRROR_SALT_LENGTH = 16;
  private static final int BUFFER = 64 * 1024;
  private static final byte[] MAC_LABEL = "crvs-backup/v1 openssl-enc mac".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] OBJECT_LABEL = "crvs-backup/v2 stored object".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] CHECK_LABEL = "crvs-backup/v1 key check".getBytes(StandardCharsets.US_ASCII);

  private OpensslEnc() {}

  /** Key material for one salt: the AES key and IV, and our MAC key and key check beside them. */
  record Keys(byte[] salt, byte[] key, byte[] iv, byte[] macKey) {
    /** 16 hex characters that tell a wrong passphrase before any download; reveals nothing useful. */
    String keyCheck() {
      return HexFormat.of().formatHex(Hkdf.hmac(macKey, CHECK_LABEL), 0, 8);
    }
  }

  static Keys derive(char[] passphrase, byte[] salt) {
    byte[] password = utf8(passphrase);
    try {
      return derive(password, salt, ITERATIONS);
    } finally {
      Arrays.fill(password, (byte) 0);
    }
  }

  /** Key and IV as {@code openssl enc -pbkdf2 -iter <iterations>} derives them from {@code password}. */
  static Keys derive(byte[] password, byte[] salt, int iterations) {
    byte[] material = Pbkdf2.hmacSha256(password, salt, iterations, 48);
    byte[] key = Arrays.copyOfRange(material, 0, 32);
    byte[] iv = Arrays.copyOfRange(material, 32, 48);
    byte[] macKey = Hkdf.hmac(material, MAC_LABEL);
    Arrays.fill(material, (byte) 0);
    return new Keys(salt.clone(), key, iv, macKey);
  }

  /**
   * The MAC of a stored object: HMAC-SHA256 under the MAC key of {@code crvs-backup/v2 stored object}, the
   * stored size (8 bytes, big-endian) and the SHA-256 of the stored bytes, header included. Over the hash
   * rather than the bytes, so that the push hashes each byte once (it needs the SHA-256 for the server's
   * check anyway); it binds the bytes as long as SHA-256 resists collisions.
   */
  static byte[] mac(byte[] macKey, long storedSize, byte[] storedSha256) {
    javax.crypto.Mac mac = Hkdf.newHmac(macKey);
    mac.update(OBJECT_LABEL);
    mac.update(java.nio.ByteBuffer.allocate(Long.BYTES).putLong(storedSize).array());
    mac.update(storedSha256);
    return mac.doFinal();
  }

  static Keys newKeys(char[] passphrase, SecureRandom random) {
    byte[] salt = new byte[SALT_LENGTH];
    random.nextBytes(salt);
    return derive(passphrase, salt);
  }

  /**
   * The passphrase of the Elasticsearch mirror's files: the lowercase hex of the 32 bytes of
   * PBKDF2-HMAC-SHA256(passphrase, {@code mirrorSalt}, 10,000 iterations), as ASCII. Each mirror file is
   * then an {@code openssl enc -pbkdf2 -iter 1} file under it, with its own random salt: one slow
   * derivation per push instead of one per file, every file still with its own key and IV, and guessing
   * the operator's passphrase still costs 10,000 iterations a guess. See {@code spec.md}.
   */
  static byte[] mirrorPassphrase(char[] passphrase, byte[] mirrorSalt) {
    byte[] password = utf8(passphrase);
    byte[] stretched = Pbkdf2.hmacSha256(password, mirrorSalt, ITERATIONS, 32);
    Arrays.fill(password, (byte) 0);
    byte[] hex = HexFormat.of().formatHex(stretched).getBytes(StandardCharsets.US_ASCII);
    Arrays.fill(stretched, (byte) 0);
    return hex;
  }

  private static byte[] utf8(char[] passphrase) {
    java.nio.ByteBuffer utf8 = StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(passphrase));
    byte[] password = new byte[utf8.remaining()];
    utf8.get(password);
    if (utf8.hasArray()) {
      Arrays.fill(utf8.array(), (byte) 0);
    }
    return password;
  }

  /**
   * Reads the 16-byte header.
   *
   * @return the salt
   * @throws DecryptionException when the file does not start with {@code Salted__}
   */
  static byte[] readSalt(InputStream in) throws IOException {
    byte[] header = in.readNBytes(HEADER_LENGTH);
    if (header.length < HEADER_LENGTH || !Arrays.equals(header, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw new DecryptionException("not an openssl enc file with a salt (it does not start with Salted__);"
          + " it is damaged, or it was not made with openssl enc -salt", false);
    }
    return Arrays.copyOfRange(header, MAGIC.length, HEADER_LENGTH);
  }

  /** An output stream that writes the header, then the ciphertext; {@link #close()} writes the last block. */
  static OutputStream encrypt(OutputStream out, Keys keys) throws IOException {
    out.write(MAGIC);
    out.write(keys.salt());
    return new Encrypting(out, cipher(Cipher.ENCRYPT_MODE, keys));
  }

  /** A stream of the plaintext of {@code in}, which is positioned just after the header. */
  static InputStream decrypt(InputStream in, Keys keys) {
    return new Decrypting(in, cipher(Cipher.DECRYPT_MODE, keys));
  }

  private static Cipher cipher(int mode, Keys keys) {
    try {
      Cipher c = Cipher.getInstance("AES/CBC/PKCS5Padding");
      c.init(mode, new SecretKeySpec(keys.key(), "AES"), new IvParameterSpec(keys.iv()));
      return c;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no AES/CBC/PKCS5Padding", e);
    }
  }

  private static final class Encrypting extends OutputStream {
    private final OutputStream out;
    private final Cipher cipher;
    private final byte[] one = new byte[1];
    private byte[] buffer = new byte[0];
    private boolean closed;

    Encrypting(OutputStream out, Cipher cipher) {
      this.out = out;
      this.cipher = cipher;
    }

    @Override
    public void write(int b) throws IOException {
      one[0] = (byte) b;
      write(one, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      int size = cipher.getOutputSize(len);
      if (buffer.length < size) {
        buffer = new byte[Math.max(size, BUFFER + 32)];
      }
      try {
        int n = cipher.update(b, off, len, buffer, 0);
        out.write(buffer, 0, n);
      } catch (javax.crypto.ShortBufferException e) {
        throw new IOException("cannot encrypt: " + e.getMessage(), e);
      }
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      try {
        out.write(cipher.doFinal());
      } catch (GeneralSecurityException e) {
        throw new IOException("cannot finish the encryption: " + e.getMessage(), e);
      }
      out.close();
    }
  }

  private static final class Decrypting extends BlockInputStream {
    private final Cipher cipher;
    private final byte[] input = new byte[BUFFER];

    Decrypting(InputStream in, Cipher cipher) {
      super(in);
      this.cipher = cipher;
    }

    @Override
    protected byte[] nextBlock() throws IOException {
      int n = in.read(input);
      if (n < 0) {
        finish();
        try {
          return cipher.doFinal();
        } catch (BadPaddingException e) {
          throw new DecryptionException("decryption failed (bad padding): the passphrase is wrong, or the file was"
              + " damaged or altered", false);
        } catch (IllegalBlockSizeException e) {
          throw new DecryptionException("decryption failed: the file's length is not a whole number of AES blocks,"
              + " so it is truncated or damaged", false);
        }
      }
      byte[] p = cipher.update(input, 0, n);
      return p == null ? new byte[0] : p;
    }
  }
}
