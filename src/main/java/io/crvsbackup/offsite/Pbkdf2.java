package io.crvsbackup.offsite;

import java.security.DigestException;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * PBKDF2-HMAC-SHA256 (RFC 8018) as {@code openssl enc -pbkdf2} computes it, about twice as fast as the
 * JDK's {@code PBKDF2WithHmacSHA256}: the HMAC's inner and outer pads are hashed once, and every iteration
 * starts from copies of those two states (two SHA-256 blocks per iteration instead of four). A derivation
 * still takes about 3.5 ms of a core, which is why the files of the Elasticsearch mirror share one (see
 * {@link OpensslEnc#mirrorPassphrase}).
 */
final class Pbkdf2 {
  private static final int BLOCK = 64;
  private static final int HASH = 32;

  private Pbkdf2() {}

  /**
   * @param password the passphrase's bytes (UTF-8, as openssl reads them from a file)
   * @return {@code length} bytes of key material
   */
  static byte[] hmacSha256(byte[] password, byte[] salt, int iterations, int length) {
    try {
      byte[] key = password.length > BLOCK ? sha256().digest(password) : password;
      byte[] ipad = new byte[BLOCK];
      byte[] opad = new byte[BLOCK];
      for (int i = 0; i < BLOCK; i++) {
        byte k = i < key.length ? key[i] : 0;
        ipad[i] = (byte) (k ^ 0x36);
        opad[i] = (byte) (k ^ 0x5c);
      }
      MessageDigest inner = sha256();
      inner.update(ipad);
      MessageDigest outer = sha256();
      outer.update(opad);
      Arrays.fill(ipad, (byte) 0);
      Arrays.fill(opad, (byte) 0);
      byte[] out = new byte[length];
      byte[] u = new byte[HASH];
      byte[] t = new byte[HASH];
      for (int block = 1, done = 0; done < length; block++, done += HASH) {
        MessageDigest in = (MessageDigest) inner.clone();
        in.update(salt);
        in.update(new byte[] {(byte) (block >>> 24), (byte) (block >>> 16), (byte) (block >>> 8), (byte) block});
        in.digest(u, 0, HASH);
        finish(outer, u);
        System.arraycopy(u, 0, t, 0, HASH);
        for (int i = 1; i < iterations; i++) {
          in = (MessageDigest) inner.clone();
          in.update(u);
          in.digest(u, 0, HASH);
          finish(outer, u);
          for (int j = 0; j < HASH; j++) {
            t[j] ^= u[j];
          }
        }
        System.arraycopy(t, 0, out, done, Math.min(HASH, length - done));
      }
      Arrays.fill(u, (byte) 0);
      Arrays.fill(t, (byte) 0);
      return out;
    } catch (CloneNotSupportedException | DigestException e) {
      throw new IllegalStateException("the JDK's SHA-256 cannot be cloned: " + e.getMessage(), e);
    }
  }

  /** {@code u = H(opad || u)}. */
  private static void finish(MessageDigest outer, byte[] u) throws CloneNotSupportedException, DigestException {
    MessageDigest out = (MessageDigest) outer.clone();
    out.update(u);
    out.digest(u, 0, HASH);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
