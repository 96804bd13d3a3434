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

    /**
     * The MAC of the stored object (passphrase mode), over its size and SHA-256, which the caller computed
     * while the object streamed by (see {@link OpensslEnc#mac}).
     */
    Optional<String> mac(long storedSize, byte[] storedSha256);

    /** A short check of the passphrase (passphrase mode). */
    Optional<String> keyCheck();
  }

  private final Optional<Secret> passphrase;
  private final List<byte[]> recipients;
  private final Optional<Secret> identity;
  private final SecureRandom random;
  /** The mirror key of the mirror files this instance seals; null until the first one. */
  private MirrorKey sealingMirrorKey;
  /** Mirror passphrases by mirror salt (hex), each stretched once. */
  private final java.util.Map<String, byte[]> openingMirrorKeys = new java.util.concurrent.ConcurrentHashMap<>();
  /** Age keys being made for the objects to come. */
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
   * is written. The keys of each object are fresh (a new salt, or a new age file key and nonce); age keys
   * are made ahead, on a background thread, while the previous object is sent.
   *
   * @param mirrored the object is a file of the Elasticsearch mirror: in passphrase mode it is keyed by the
   *     mirror passphrase (one 10,000-round derivation for all of them, see
   *     {@link OpensslEnc#mirrorPassphrase}), and its key check names the mirror salt
   */
  Sealing seal(OutputStream stored, boolean mirrored) throws IOException {
    switch (mode()) {
      case AGE -> {
        Prepared p = next();
        stored.write(p.ageHeader());
        OutputStream out = AgePayload.encrypt(stored, p.ageFileKey(), p.ageNonce());
        return sealing(out, null, null);
      }
      case OPENSSL -> {
        byte[] salt = new byte[OpensslEnc.SALT_LENGTH];
        random.nextBytes(salt);
        OpensslEnc.Keys keys;
        String keyCheck;
        if (mirrored) {
          MirrorKey mk = mirrorKey();
          keys = OpensslEnc.derive(mk.passphrase(), salt, OpensslEnc.MIRROR_ITERATIONS);
          keyCheck = keys.keyCheck() + MIRROR_SEPARATOR + HexFormat.of().formatHex(mk.salt());
        } else {
          char[] pass = passphrase.orElseThrow().reveal().toCharArray();
          keys = OpensslEnc.derive(pass, salt);
          java.util.Arrays.fill(pass, '\0');
          keyCheck = keys.keyCheck();
        }
        OutputStream out = OpensslEnc.encrypt(stored, keys);
        return sealing(out, keys.macKey(), keyCheck);
      }
      default -> {
        return sealing(stored, null, null);
      }
    }
  }

  /** Between a mirror file's key check and the mirror salt, in the manifests' key check field. */
  static final char MIRROR_SEPARATOR = ':';

  /** The mirror salt and the mirror passphrase stretched from it (hex, ASCII). */
  private record MirrorKey(byte[] salt, byte[] passphrase) {}

  /** This instance's mirror key for new mirror files: made once, on first use. */
  private synchronized MirrorKey mirrorKey() {
    if (sealingMirrorKey == null) {
      byte[] salt = new byte[OpensslEnc.MIRROR_SALT_LENGTH];
      random.nextBytes(salt);
      char[] pass = passphrase.orElseThrow().reveal().toCharArray();
      sealingMirrorKey = new MirrorKey(salt, OpensslEnc.mirrorPassphrase(pass, salt));
      java.util.Arrays.fill(pass, '\0');
      openingMirrorKeys.put(HexFormat.of().formatHex(salt), sealingMirrorKey.passphrase());
    }
    return sealingMirrorKey;
  }

  /** The keys of one new age object: a file key, its header and a payload nonce. */
  private record Prepared(byte[] ageFileKey, byte[] ageHeader, byte[] ageNonce) {}

  /** Keys for the next object; the ones after it start in the background at once. */
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
      throw new IOException("cannot make the encryption keys: " + e.getCause().getMessage(), e.getCause());
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
    byte[] fileKey = new byte[AgeHeader.FILE_KEY_LENGTH];
    random.nextBytes(fileKey);
    byte[] header = AgeHeader.write(fileKey, recipients, random);
    byte[] nonce = new byte[AgePayload.NONCE_LENGTH];
    random.nextBytes(nonce);
    return new Prepared(fileKey, header, nonce);
  }

  private static Sealing sealing(OutputStream out, byte[] macKey, String keyCheck) {
    return new Sealing() {
      @Override
      public OutputStream out() {
        return out;
      }

      @Override
      public Optional<String> mac(long storedSize, byte[] storedSha256) {
        return macKey == null ? Optional.empty()
            : Optional.of(HexFormat.of().formatHex(OpensslEnc.mac(macKey, storedSize, storedSha256)));
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
    return open(mode, stored, mac, keyCheck, null);
  }

  /**
   * As {@link #open(Mode, InputStream, Optional, Optional)}, for a caller that hashes the stored bytes
   * itself: {@code storedSha256} must see every byte of {@code stored}, from the first, before this
   * stream does (a {@link java.security.DigestInputStream} under it), and the MAC check then takes its
   * hash from a copy of it instead of hashing every byte a second time.
   */
  InputStream open(Mode mode, InputStream stored, Optional<String> mac, Optional<String> keyCheck,
      MessageDigest storedSha256) throws IOException {
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
        Optional<String> check = keyCheck;
        OpensslEnc.Keys keys;
        int sep = keyCheck.map(k -> k.indexOf(MIRROR_SEPARATOR)).orElse(-1);
        if (sep >= 0) {
          String mirrorSalt = keyCheck.get().substring(sep + 1);
          check = Optional.of(keyCheck.get().substring(0, sep));
          keys = OpensslEnc.derive(mirrorPassphrase(mirrorSalt), salt, OpensslEnc.MIRROR_ITERATIONS);
        } else {
          char[] pass = passphrase.get().reveal().toCharArray();
          keys = OpensslEnc.derive(pass, salt);
          java.util.Arrays.fill(pass, '\0');
        }
        if (check.isPresent() && !check.get().equals(keys.keyCheck())) {
          throw new DecryptionException("wrong passphrase: BACKUP_ENCRYPTION_PASSPHRASE is not the passphrase this"
              + " copy was encrypted with", true);
        }
        InputStream body = stored;
        if (mac.isPresent()) {
          MessageDigest sha = storedSha256;
          if (sha == null) {
            sha = Hashing.sha256();
            sha.update(OpensslEnc.MAGIC);
            sha.update(salt);
          }
          body = new MacChecking(stored, sha, storedSha256 == null, keys.macKey(),
              HexFormat.of().parseHex(mac.get()));
        }
        return OpensslEnc.decrypt(body, keys);
      }
      default -> {
        return stored;
      }
    }
  }

  /** The mirror passphrase of a mirror salt (hex): stretched on first use, then kept for the next files. */
  private byte[] mirrorPassphrase(String saltHex) throws DecryptionException {
    byte[] salt;
    try {
      salt = HexFormat.of().parseHex(saltHex);
    } catch (IllegalArgumentException e) {
      throw new DecryptionException("the manifest's key check names a mirror salt that is not hex", false);
    }
    return openingMirrorKeys.computeIfAbsent(saltHex, k -> {
      char[] pass = passphrase.orElseThrow().reveal().toCharArray();
      byte[] p = OpensslEnc.mirrorPassphrase(pass, salt);
      java.util.Arrays.fill(pass, '\0');
      return p;
    });
  }

  /**
   * Hashes what passes and, when the stream ends and before the end is reported, compares the MAC of its
   * size and hash with the expected one.
   */
  private static final class MacChecking extends FilterInputStream {
    private final MessageDigest sha;
    /** Whether this stream feeds {@link #sha}; else the caller's digest under it has seen every byte. */
    private final boolean feeds;
    private final byte[] macKey;
    private final byte[] expected;
    private long size = OpensslEnc.HEADER_LENGTH;
    private boolean checked;

    MacChecking(InputStream in, MessageDigest sha, boolean feeds, byte[] macKey, byte[] expected) {
      super(in);
      this.sha = sha;
      this.feeds = feeds;
      this.macKey = macKey;
      this.expected = expected;
    }

    /** The SHA-256 of the stored bytes; a copy of the caller's digest, which it still needs. */
    private byte[] digest() throws IOException {
      if (feeds) {
        return sha.digest();
      }
      try {
        return ((MessageDigest) sha.clone()).digest();
      } catch (CloneNotSupportedException e) {
        throw new IOException("the JDK's SHA-256 cannot be copied", e);
      }
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
        if (feeds) {
          sha.update(b, off, n);
        }
        size += n;
      } else if (n < 0 && !checked) {
        checked = true;
        if (!MessageDigest.isEqual(OpensslEnc.mac(macKey, size, digest()), expected)) {
          throw new DecryptionException("the copy's MAC does not match: it was damaged or altered on the backup"
            + " server", false);
        }
      }
      return n;
    }
  }
}
