package io.crvsbackup.offsite;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The age v1 header (age-encryption.org/v1, see {@code spec.md}): the version line, one stanza per
 * recipient, and the MAC line. We write X25519 stanzas; we read any stanza, use the X25519 ones, ignore
 * the others, and are strict about the encoding (canonical unpadded base64, 64-column body lines,
 * printable arguments) as the specification asks.
 */
final class AgeHeader {
  static final String VERSION = "age-encryption.org/v1";
  static final int FILE_KEY_LENGTH = 16;
  private static final String X25519 = "X25519";
  private static final String X25519_LABEL = "age-encryption.org/v1/X25519";
  private static final int COLUMNS = 64;
  private static final int MAX_HEADER = 1 << 20;
  private static final Pattern ARG = Pattern.compile("[\\x21-\\x7e]+");
  private static final Pattern B64 = Pattern.compile("[A-Za-z0-9+/]*");
  private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();

  private AgeHeader() {}

  /** One recipient stanza. */
  record Stanza(List<String> args, byte[] body) {}

  /** A header as read: its stanzas, its MAC, and the bytes that the MAC covers. */
  record Parsed(List<Stanza> stanzas, byte[] mac, byte[] macInput) {}

  /** Builds a header that wraps {@code fileKey} for each X25519 recipient public key. */
  static byte[] write(byte[] fileKey, List<byte[]> recipients, SecureRandom random) {
    StringBuilder sb = new StringBuilder(VERSION).append('\n');
    for (byte[] recipient : recipients) {
      byte[] ephemeral = new byte[32];
      random.nextBytes(ephemeral);
      byte[] share = AgeKeys.publicKey(ephemeral);
      byte[] shared;
      try {
        shared = AgeKeys.x25519(ephemeral, recipient);
      } catch (InvalidKeyException e) {
        throw new IllegalArgumentException("age recipient " + AgeKeys.formatRecipient(recipient)
            + " is a low-order point and cannot be encrypted to", e);
      }
      byte[] wrapKey = Hkdf.derive(shared, AgeKeys.concat(share, recipient), X25519_LABEL, 32);
      byte[] body = chacha(Cipher.ENCRYPT_MODE, wrapKey, fileKey);
      sb.append("-> ").append(X25519).append(' ').append(ENCODER.encodeToString(share)).append('\n');
      appendBody(sb, body);
    }
    sb.append("---");
    byte[] macInput = sb.toString().getBytes(StandardCharsets.US_ASCII);
    byte[] mac = Hkdf.hmac(Hkdf.derive(fileKey, new byte[0], "header", 32), macInput);
    sb.append(' ').append(ENCODER.encodeToString(mac)).append('\n');
    return sb.toString().getBytes(StandardCharsets.US_ASCII);
  }

  private static void appendBody(StringBuilder sb, byte[] body) {
    String b64 = ENCODER.encodeToString(body);
    int i = 0;
    while (b64.length() - i >= COLUMNS) {
      sb.append(b64, i, i + COLUMNS).append('\n');
      i += COLUMNS;
    }
    sb.append(b64, i, b64.length()).append('\n');
  }

  /**
   * Reads a header from {@code in}, consuming exactly its bytes (so the payload follows).
   *
   * @throws DecryptionException when it is not a well-formed age v1 header
   */
  static Parsed read(InputStream in) throws IOException {
    ByteArrayOutputStream seen = new ByteArrayOutputStream();
    String first = line(in, seen);
    if (first.startsWith("-----BEGIN AGE ENCRYPTED FILE-----")) {
      throw malformed("it is ASCII-armored (age -a); remove the armor first (age -d decrypts it)");
    }
    if (!first.equals(VERSION)) {
      throw malformed("it does not start with " + VERSION);
    }
    List<Stanza> stanzas = new ArrayList<>();
    while (true) {
      int before = seen.size();
      String l = line(in, seen);
      if (l.startsWith("--- ") || l.equals("---")) {
        byte[] all = seen.toByteArray();
        byte[] macInput = java.util.Arrays.copyOf(all, before + 3);
        byte[] mac = l.length() > 4 ? base64(l.substring(4)) : new byte[0];
        if (mac.length != 32) {
          throw malformed("its MAC line is malformed");
        }
        return new Parsed(List.copyOf(stanzas), mac, macInput);
      }
      if (!l.startsWith("-> ")) {
        throw malformed("a line is neither a stanza (->) nor the MAC line (---)");
      }
      List<String> args = List.of(l.substring(3).split(" ", -1));
      if (args.stream().anyMatch(a -> !ARG.matcher(a).matches())) {
        throw malformed("a stanza has an empty or unprintable argument");
      }
      StringBuilder body = new StringBuilder();
      while (true) {
        String b = line(in, seen);
        if (b.length() > COLUMNS) {
          throw malformed("a stanza body line is longer than 64 columns");
        }
        body.append(b);
        if (b.length() < COLUMNS) {
          break;
        }
      }
      stanzas.add(new Stanza(args, base64(body.toString())));
    }
  }

  /**
   * Finds the file key with one of the identities, then checks the header's MAC with it.
   *
   * @throws DecryptionException when no identity fits (wrong key) or the header was altered
   */
  static byte[] unwrap(Parsed header, List<byte[]> identities) throws DecryptionException {
    int x25519 = 0;
    for (Stanza s : header.stanzas()) {
      if (!s.args().get(0).equals(X25519)) {
        continue;
      }
      x25519++;
      if (s.args().size() != 2 || s.body().length != FILE_KEY_LENGTH + 16) {
        throw malformed("an X25519 stanza has the wrong number of arguments or body length");
      }
      byte[] share = base64(s.args().get(1));
      if (share.length != 32) {
        throw malformed("an X25519 stanza's share is not 32 bytes");
      }
      for (byte[] identity : identities) {
        byte[] fileKey = tryIdentity(identity, share, s.body());
        if (fileKey != null) {
          byte[] expected = Hkdf.hmac(Hkdf.derive(fileKey, new byte[0], "header", 32), header.macInput());
          if (!MessageDigest.isEqual(expected, header.mac())) {
            throw new DecryptionException("the age header's MAC does not match: the file was altered", false);
          }
          return fileKey;
        }
      }
    }
    throw new DecryptionException(x25519 == 0
        ? "the age file has no X25519 recipient stanza (it was encrypted with a passphrase or an SSH key)"
        : "none of the identities in BACKUP_ENCRYPTION_IDENTITY can decrypt this age file: it was encrypted to "
            + x25519 + " other recipient(s)", true);
  }

  private static byte[] tryIdentity(byte[] identity, byte[] share, byte[] body) throws DecryptionException {
    byte[] shared;
    try {
      shared = AgeKeys.x25519(identity, share);
    } catch (InvalidKeyException e) {
      throw malformed("an X25519 stanza holds a low-order point");
    }
    byte[] salt = AgeKeys.concat(share, AgeKeys.publicKey(identity));
    byte[] wrapKey = Hkdf.derive(shared, salt, X25519_LABEL, 32);
    try {
      return chachaOrFail(Cipher.DECRYPT_MODE, wrapKey, body);
    } catch (AEADBadTagException e) {
      return null;
    }
  }

  private static byte[] chacha(int mode, byte[] key, byte[] data) {
    try {
      return chachaOrFail(mode, key, data);
    } catch (AEADBadTagException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] chachaOrFail(int mode, byte[] key, byte[] data) throws AEADBadTagException {
    try {
      Cipher c = Cipher.getInstance("ChaCha20-Poly1305");
      c.init(mode, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(new byte[12]));
      return c.doFinal(data);
    } catch (AEADBadTagException e) {
      throw e;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no ChaCha20-Poly1305: " + e.getMessage(), e);
    }
  }

  /** Strict, unpadded, canonical base64 as the age specification requires. */
  static byte[] base64(String s) throws DecryptionException {
    if (!B64.matcher(s).matches() || s.length() % 4 == 1) {
      throw malformed("it holds invalid base64");
    }
    byte[] b = Base64.getDecoder().decode(s);
    if (!ENCODER.encodeToString(b).equals(s)) {
      throw malformed("it holds non-canonical base64");
    }
    return b;
  }

  /** Reads one line without its LF, recording its bytes (LF included) in {@code seen}. */
  private static String line(InputStream in, ByteArrayOutputStream seen) throws IOException {
    StringBuilder sb = new StringBuilder();
    while (true) {
      int c = in.read();
      if (c < 0) {
        throw malformed("its header ends early (the file is truncated or not an age file)");
      }
      seen.write(c);
      if (seen.size() > MAX_HEADER) {
        throw malformed("its header is larger than 1 MiB");
      }
      if (c == '\n') {
        return sb.toString();
      }
      if (c < 0x20 || c > 0x7e) {
        throw malformed("its header holds a byte that is not printable ASCII");
      }
      sb.append((char) c);
    }
  }

  private static DecryptionException malformed(String why) {
    return new DecryptionException("not a valid age file: " + why, false);
  }
}
