package io.crvsbackup.offsite;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HKDF-SHA256 (RFC 5869) and HMAC-SHA256, on the JDK's HmacSHA256. */
final class Hkdf {
  private static final int HASH_LEN = 32;

  private Hkdf() {}

  /**
   * Derives {@code length} bytes.
   *
   * @param salt may be empty: RFC 5869 then uses HashLen zero bytes, which HMAC treats the same
   */
  static byte[] derive(byte[] ikm, byte[] salt, String info, int length) {
    return derive(ikm, salt, info.getBytes(StandardCharsets.US_ASCII), length);
  }

  static byte[] derive(byte[] ikm, byte[] salt, byte[] infoBytes, int length) {
    if (length > 255 * HASH_LEN) {
      throw new IllegalArgumentException("HKDF output too long: " + length);
    }
    byte[] prk = hmac(salt.length == 0 ? new byte[HASH_LEN] : salt, ikm);
    byte[] out = new byte[length];
    byte[] t = new byte[0];
    int done = 0;
    for (int i = 1; done < length; i++) {
      byte[] input = new byte[t.length + infoBytes.length + 1];
      System.arraycopy(t, 0, input, 0, t.length);
      System.arraycopy(infoBytes, 0, input, t.length, infoBytes.length);
      input[input.length - 1] = (byte) i;
      t = hmac(prk, input);
      int n = Math.min(t.length, length - done);
      System.arraycopy(t, 0, out, done, n);
      done += n;
    }
    return out;
  }

  static byte[] hmac(byte[] key, byte[] data) {
    Mac mac = newHmac(key);
    return mac.doFinal(data);
  }

  /** A ready HMAC-SHA256 for streaming use. */
  static Mac newHmac(byte[] key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.length == 0 ? new byte[HASH_LEN] : key, "HmacSHA256"));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no HmacSHA256", e);
    }
  }
}
