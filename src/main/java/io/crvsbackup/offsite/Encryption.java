package io.crvsbackup.offsite;

import io.crvsbackup.config.Secret;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javax.crypto.Mac;

/**
 * How offsite copies are sealed, and what can open them: age recipients win over a passphrase for new
 * copies; a passphrase still opens passphrase copies and an identity opens age copies, whatever mode new
 * copies use. Key material never reaches a message.
 */
final class Encryption {
  /** A stored object's encryption, as the remote manifest names it. */
  enum Mode {
    NONE("none", ""),
    OPENSSL("openssl-aes-256-cbc-pbkdf2", ".enc"),
    AGE("age-x25519", ".age");

    final String word;
    final String suffix;

    Mode(String word, String suffix) {
      this.word = word;
      this.suffix = suffix;
    }

    static Mode of(String word) throws DecryptionException {
      for (Mode m : values()) {
        if (m.word.equals(word)) {
          return m;
        }
      }
      throw new DecryptionException("unknown encryption '" + word + "' (written by a newer crvs-backup?)", false);
    }
  }

  /** An open sealing stream: write the plaintext to {@link #out()}, close it, then read the tags. */
  interface Sealing {
    OutputStream out();

    /** The MAC of the stored bytes (passphrase mode), known once {@link #out()} is closed. */
    Optional<String> mac();

    /** A short check of the passphrase (passphrase mode). */
    Optional<String> keyCheck();
  }

  private final Optional<Secret> passphrase;
  private final List<byte[]> recipients;
  private final Optional<Secret> identity;
  private final SecureRandom random;
  /** Keys being derived for the objects to come (a PBKDF2 of 10,000 rounds each in passphrase mode). */
  private final java.util.ArrayDeque<CompletableFuture<Prepared>> ahead = new java.util.ArrayDeque<>();
  /** How many objects' keys are derived ahead: enough to keep both cores busy on many small files. */
  private static final int AHEAD = 4;
  /** Daemon threads that end when idle, so a long-running serve keeps none. */
  private static final java.util.concurrent.ExecutorService PREPARER = preparer();

  private Encryption(
      Optional<Secret> passphrase, List<byte[]> recipients, Optional<Secret> identity, SecureRandom random) {
    this.passphrase = passphrase;
    this.recipients = recipients;
    this.identity = identity;
    this.random = random;
  }

  /**
   * @throws IllegalArgumentException when a recipient's checksum or shape is wrong, naming it
   */
  static Encryption of(Optional<Secret> passphrase, List<String> recipients, Optional<Secret> identity) {
    return new Encryption(
        passphrase, recipients.stream().map(AgeKeys::parseRecipient).toList(), identity, new SecureRandom());
  }

  /** The mode of new copies. */
  Mode mode() {
    return !recipients.isEmpty() ? Mode.AGE : passphrase.isPresent() ? Mode.OPENSSL : Mode.NONE;
  }

  /**
   * Starts an encrypted object: its header goes to {@code stored} now, the ciphertext as {@link Sealing#out()}
   * is written. The keys of each object are fresh (a new salt, or a new age file key and nonce); they are
   * derived ahead, on a background thread, while the previous object is sent.
   */
  Sealing seal(OutputStream stored) throws IOException {
    switch (mode()) {
      case AGE -> {
        Prepared p = next();
        stored.write(p.ageHeader());
        OutputStream out = AgePayload.encrypt(stored, p.ageFileKey(), p.ageNonce());
        return sealing(out, null, null);
      }
      case OPENSSL -> {
        OpensslEnc.Keys keys = next().keys();
        Mac mac = Hkdf.newHmac(keys.macKey());
        OutputStream tee = new FilterOutputStream(stored) {
          @Override
          public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            mac.update(b, off, len);
            out.write(b, off, len);
          }
        };
        OutputStream out = OpensslEnc.encrypt(tee, keys);
        return sealing(out, mac, keys.keyCheck());
      }
      default -> {
        return sealing(stored, null, null);
      }
    }
  }

  /** The keys of one new object: openssl keys from a fresh salt, or an age file key, its header and a nonce. */
  private record Prepared(OpensslEnc.Keys keys, byte[] ageFileKey, byte[] ageHeader, byte[] ageNonce) {}

  /** Keys for the next object; the ones after it start deriving in the background at once. */
  private synchronized Prepared next() throws IOException {
    if (ahead.isEmpty()) {
      ahead.add(CompletableFuture.supplyAsync(this::prepare, PREPARER));
    }
    CompletableFuture<Prepared> mine = ahead.poll();
    while (ahead.size() < AHEAD) {
      ahead.add(CompletableFuture.supplyAsync(this::prepare, PREPARER));
    }
    try {
      return mine.join();
    } catch (java.util.concurrent.CompletionException e) {
      throw new IOException("cannot derive the encryption keys: " + e.getCause().getMessage(), e.getCause());
    }
  }

  private static java.util.concurrent.ExecutorService preparer() {
    java.util.concurrent.ThreadPoolExecutor pool = new java.util.concurrent.ThreadPoolExecutor(2, 2, 5,
        java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(), r -> {
          Thread t = new Thread(r, "offsite-keys");
          t.setDaemon(true);
          return t;
        });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  private Prepared prepare() {
    if (mode() == Mode.AGE) {
      byte[] fileKey = new byte[AgeHeader.FILE_KEY_LENGTH];
      random.nextBytes(fileKey);
      byte[] header = AgeHeader.write(fileKey, recipients, random);
      byte[] nonce = new byte[AgePayload.NONCE_LENGTH];
      random.nextBytes(nonce);
      return new Prepared(null, fileKey, header, nonce);
    }
    char[] pass = passphrase.orElseThrow().reveal().toCharArray();
    OpensslEnc.Keys keys = OpensslEnc.newKeys(pass, random);
    java.util.Arrays.fill(pass, '\0');
    return new Prepared(keys, null, null, null);
  }

  private static Sealing sealing(OutputStream out, Mac mac, String keyCheck) {
    return new Sealing() {
      private String tag;

      @Override
      public OutputStream out() {
        return out;
      }

      @Override
      public Optional<String> mac() {
        if (mac != null && tag == null) {
          tag = HexFormat.of().formatHex(mac.doFinal());
        }
        return Optional.ofNullable(tag);
      }

      @Override
      public Optional<String> keyCheck() {
        return Optional.ofNullable(keyCheck);
      }
    };
  }

  /**
   * Opens a stored object. For passphrase objects, the key check is compared before anything is read
   * beyond the header, and the MAC when the stored stream ends (both when given: OpenCRVS's own bundles
   * have neither).
   *
   * @throws DecryptionException when the key is missing or wrong, or the object is not of its mode
   */
  InputStream open(Mode mode, InputStream stored, Optional<String> mac, Optional<String> keyCheck)
      throws IOException {
    switch (mode) {
      case AGE -> {
        if (identity.isEmpty()) {
          throw new DecryptionException("this copy is encrypted with age: set BACKUP_ENCRYPTION_IDENTITY (or _FILE)"
              + " to the identity of one of its recipients to pull it back", true);
        }
        List<byte[]> identities;
        try {
          identities = AgeKeys.parseIdentities(identity.get().reveal());
        } catch (IllegalArgumentException e) {
          throw new DecryptionException("BACKUP_ENCRYPTION_IDENTITY is not an age identity file: "
              + e.getMessage(), true);
        }
        byte[] fileKey = AgeHeader.unwrap(AgeHeader.read(stored), identities);
        return AgePayload.decrypt(stored, fileKey);
      }
      case OPENSSL -> {
        if (passphrase.isEmpty()) {
          throw new DecryptionException("this copy is encrypted with a passphrase: set BACKUP_ENCRYPTION_PASSPHRASE"
              + " (or _FILE) to pull it back", true);
        }
        byte[] salt = OpensslEnc.readSalt(stored);
        char[] pass = passphrase.get().reveal().toCharArray();
        OpensslEnc.Keys keys = OpensslEnc.derive(pass, salt);
        java.util.Arrays.fill(pass, '\0');
        if (keyCheck.isPresent() && !keyCheck.get().equals(keys.keyCheck())) {
          throw new DecryptionException("wrong passphrase: BACKUP_ENCRYPTION_PASSPHRASE is not the passphrase this"
              + " copy was encrypted with", true);
        }
        InputStream body = stored;
        if (mac.isPresent()) {
          Mac m = Hkdf.newHmac(keys.macKey());
          m.update(OpensslEnc.MAGIC);
          m.update(salt);
          body = new MacChecking(stored, m, HexFormat.of().parseHex(mac.get()));
        }
        return OpensslEnc.decrypt(body, keys);
      }
      default -> {
        return stored;
      }
    }
  }

  /** Feeds what passes to a MAC and compares it when the stream ends, before the end is reported. */
  private static final class MacChecking extends FilterInputStream {
    private final Mac mac;
    private final byte[] expected;
    private boolean checked;

    MacChecking(InputStream in, Mac mac, byte[] expected) {
      super(in);
      this.mac = mac;
      this.expected = expected;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        mac.update(b, off, n);
      } else if (n < 0 && !checked) {
        checked = true;
        if (!MessageDigest.isEqual(mac.doFinal(), expected)) {
          throw new DecryptionException("the copy's MAC does not match: it was damaged or altered on the backup"
            + " server", false);
        }
      }
      return n;
    }
  }
}
