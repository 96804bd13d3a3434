package io.crvsbackup.offsite;

import java.io.ByteArrayOutputStream;
import java.util.Locale;

/**
 * Bech32 (BIP 173, the original checksum constant 1, not bech32m) as age uses it for recipients
 * ({@code age1...}) and identities ({@code AGE-SECRET-KEY-1...}). Unlike BIP 173, age puts no 90-character
 * limit on the string. Mixed case is refused; an all-uppercase string is read as lowercase.
 */
final class Bech32 {
  private static final String CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
  private static final int[] GENERATOR = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};

  /** A decoded string: its human-readable part (lowercase) and its data bytes. */
  record Decoded(String hrp, byte[] data) {}

  private Bech32() {}

  static String encode(String hrp, byte[] data) {
    String h = hrp.toLowerCase(Locale.ROOT);
    byte[] five = convertBits(data, 8, 5, true);
    byte[] checksum = checksum(h, five);
    StringBuilder sb = new StringBuilder(h).append('1');
    for (byte b : five) {
      sb.append(CHARSET.charAt(b));
    }
    for (byte b : checksum) {
      sb.append(CHARSET.charAt(b));
    }
    return sb.toString();
  }

  /**
   * Decodes and checks the checksum.
   *
   * @throws IllegalArgumentException saying what is wrong (case, character, checksum, padding)
   */
  static Decoded decode(String text) {
    boolean lower = !text.equals(text.toUpperCase(Locale.ROOT));
    boolean upper = !text.equals(text.toLowerCase(Locale.ROOT));
    if (lower && upper) {
      throw new IllegalArgumentException("mixes upper and lower case");
    }
    String s = text.toLowerCase(Locale.ROOT);
    int sep = s.lastIndexOf('1');
    if (sep < 1 || sep + 7 > s.length()) {
      throw new IllegalArgumentException("has no separator '1' followed by a checksum");
    }
    String hrp = s.substring(0, sep);
    for (char c : hrp.toCharArray()) {
      if (c < 33 || c > 126) {
        throw new IllegalArgumentException("has an invalid character in its prefix");
      }
    }
    byte[] values = new byte[s.length() - sep - 1];
    for (int i = 0; i < values.length; i++) {
      int v = CHARSET.indexOf(s.charAt(sep + 1 + i));
      if (v < 0) {
        throw new IllegalArgumentException("has an invalid character '" + s.charAt(sep + 1 + i) + "'");
      }
      values[i] = (byte) v;
    }
    if (polymod(concat(expandHrp(hrp), values)) != 1) {
      throw new IllegalArgumentException("has a wrong checksum (a typing or copying error?)");
    }
    byte[] five = new byte[values.length - 6];
    System.arraycopy(values, 0, five, 0, five.length);
    return new Decoded(hrp, convertBits(five, 5, 8, false));
  }

  private static byte[] checksum(String hrp, byte[] data) {
    byte[] values = concat(concat(expandHrp(hrp), data), new byte[6]);
    int mod = polymod(values) ^ 1;
    byte[] out = new byte[6];
    for (int i = 0; i < 6; i++) {
      out[i] = (byte) ((mod >>> (5 * (5 - i))) & 31);
    }
    return out;
  }

  private static int polymod(byte[] values) {
    int chk = 1;
    for (byte v : values) {
      int top = chk >>> 25;
      chk = ((chk & 0x1ffffff) << 5) ^ v;
      for (int i = 0; i < 5; i++) {
        if (((top >>> i) & 1) != 0) {
          chk ^= GENERATOR[i];
        }
      }
    }
    return chk;
  }

  private static byte[] expandHrp(String hrp) {
    byte[] out = new byte[hrp.length() * 2 + 1];
    for (int i = 0; i < hrp.length(); i++) {
      out[i] = (byte) (hrp.charAt(i) >>> 5);
      out[i + hrp.length() + 1] = (byte) (hrp.charAt(i) & 31);
    }
    return out;
  }

  private static byte[] convertBits(byte[] in, int from, int to, boolean pad) {
    int acc = 0;
    int bits = 0;
    int max = (1 << to) - 1;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte b : in) {
      acc = (acc << from) | (b & 0xff);
      bits += from;
      while (bits >= to) {
        bits -= to;
        out.write((acc >>> bits) & max);
      }
    }
    if (pad) {
      if (bits > 0) {
        out.write((acc << (to - bits)) & max);
      }
    } else if (bits >= from || ((acc << (to - bits)) & max) != 0) {
      throw new IllegalArgumentException("has invalid padding bits");
    }
    return out.toByteArray();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
