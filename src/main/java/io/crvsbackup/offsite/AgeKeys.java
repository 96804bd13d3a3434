package io.crvsbackup.offsite;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.crypto.KeyAgreement;

/**
 * age X25519 keys: recipients ({@code age1...}, the public key), identities ({@code AGE-SECRET-KEY-1...},
 * the private scalar), and the X25519 function itself, on the JDK's XDH (RFC 7748). Keys are raw 32-byte
 * little-endian strings, as in RFC 7748 and age.
 */
final class AgeKeys {
  static final String RECIPIENT_HRP = "age";
  static final String IDENTITY_HRP = "age-secret-key-";
  private static final byte[] BASE_POINT = basePoint();

  private AgeKeys() {}

  /**
   * Parses a recipient.
   *
   * @throws IllegalArgumentException saying what is wrong, without key material
   */
  static byte[] parseRecipient(String text) {
    Bech32.Decoded d;
    try {
      d = Bech32.decode(text.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("age recipient " + text.trim() + " " + e.getMessage(), e);
    }
    if (!d.hrp().equals(RECIPIENT_HRP) || d.data().length != 32) {
      throw new IllegalArgumentException("'" + text.trim() + "' is not an age X25519 recipient (age1...)");
    }
    return d.data();
  }

  static String formatRecipient(byte[] publicKey) {
    return Bech32.encode(RECIPIENT_HRP, publicKey);
  }

  static String formatIdentity(byte[] secret) {
    return Bech32.encode(IDENTITY_HRP, secret).toUpperCase(java.util.Locale.ROOT);
  }

  /**
   * Parses an identity file as {@code age-keygen} writes it: {@code #} comments, blank lines and one
   * {@code AGE-SECRET-KEY-1...} per line.
   *
   * @throws IllegalArgumentException naming the line that is wrong, never its content
   */
  static List<byte[]> parseIdentities(String file) {
    List<byte[]> out = new ArrayList<>();
    String[] lines = file.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].trim();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      Bech32.Decoded d;
      try {
        d = Bech32.decode(line);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("line " + (i + 1) + " is not an age identity: it " + e.getMessage());
      }
      if (!d.hrp().equals(IDENTITY_HRP) || d.data().length != 32) {
        throw new IllegalArgumentException("line " + (i + 1) + " is not an age X25519 identity (AGE-SECRET-KEY-1...)");
      }
      out.add(d.data());
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("it holds no identity (AGE-SECRET-KEY-1... line)");
    }
    return out;
  }

  /** The public key of a private scalar: X25519(scalar, 9). */
  static byte[] publicKey(byte[] secret) {
    try {
      return x25519(secret, BASE_POINT);
    } catch (InvalidKeyException e) {
      throw new IllegalStateException("the base point cannot give a low-order result", e);
    }
  }

  /**
   * X25519(scalar, point).
   *
   * @throws InvalidKeyException when the result is all zeros (a low-order point), which age forbids
   */
  static byte[] x25519(byte[] secret, byte[] point) throws InvalidKeyException {
    try {
      KeyFactory kf = KeyFactory.getInstance("XDH");
      PrivateKey priv = kf.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, secret.clone()));
      PublicKey pub = kf.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, decodeU(point)));
      KeyAgreement ka = KeyAgreement.getInstance("XDH");
      ka.init(priv);
      ka.doPhase(pub, true);
      byte[] shared = ka.generateSecret();
      boolean zero = true;
      for (byte b : shared) {
        zero &= b == 0;
      }
      if (zero) {
        throw new InvalidKeyException("X25519 gave all zeros (a low-order point)");
      }
      return shared;
    } catch (InvalidKeyException e) {
      throw e;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot do X25519: " + e.getMessage(), e);
    }
  }

  /** RFC 7748 decodeUCoordinate: little-endian, the top bit masked; values up to 2^255 - 1 are accepted. */
  private static BigInteger decodeU(byte[] point) {
    if (point.length != 32) {
      throw new IllegalArgumentException("an X25519 point has 32 bytes, not " + point.length);
    }
    byte[] be = new byte[32];
    for (int i = 0; i < 32; i++) {
      be[i] = point[31 - i];
    }
    be[0] &= 0x7f;
    BigInteger p = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
    return new BigInteger(1, be).mod(p);
  }

  private static byte[] basePoint() {
    byte[] b = new byte[32];
    b[0] = 9;
    return b;
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
