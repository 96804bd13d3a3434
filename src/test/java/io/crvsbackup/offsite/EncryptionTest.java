package io.crvsbackup.offsite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crvsbackup.config.Secret;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Both modes round-trip at the sizes that matter, and every damage is an error, never garbage. */
class EncryptionTest {
  private static final String PASSPHRASE = "Tr0ub4dor&3 offsite";
  private static final Optional<Secret> IDENTITY = Optional.of(Secret.of(CryptoVectorsTest.IDENTITY));

  private static Encryption passphrase() {
    return Encryption.of(Optional.of(Secret.of(PASSPHRASE)), List.of(), Optional.empty());
  }

  private static Encryption age() {
    return Encryption.of(Optional.empty(), List.of(CryptoVectorsTest.RECIPIENT), IDENTITY);
  }

  /** A stored object with its tags. */
  record Stored(byte[] bytes, Optional<String> mac, Optional<String> keyCheck) {}

  static Stored seal(Encryption e, byte[] plain) throws IOException {
    return seal(e, plain, false);
  }

  /** Seals as a file of the Elasticsearch mirror ({@code mirrored}) or as a set's own object. */
  static Stored seal(Encryption e, byte[] plain, boolean mirrored) throws IOException {
    ByteArrayOutputStream stored = new ByteArrayOutputStream();
    Encryption.Sealing s = e.seal(stored, mirrored);
    try (var out = s.out()) {
      out.write(plain);
    }
    byte[] bytes = stored.toByteArray();
    return new Stored(bytes, s.mac(bytes.length, Hashing.sha256().digest(bytes)), s.keyCheck());
  }

  static byte[] open(Encryption e, Encryption.Mode mode, Stored s) throws IOException {
    try (InputStream in = e.open(mode, new ByteArrayInputStream(s.bytes()), s.mac(), s.keyCheck())) {
      return in.readAllBytes();
    }
  }

  static byte[] random(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {0, 1, 15, 16, 17, 65535, 65536, 65537, 131072, 200_000})
  void bothModesRoundTrip(int size) throws Exception {
    byte[] plain = random(size);

    assertThat(open(passphrase(), Encryption.Mode.OPENSSL, seal(passphrase(), plain))).isEqualTo(plain);
    assertThat(open(age(), Encryption.Mode.AGE, seal(age(), plain))).isEqualTo(plain);
  }

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {0, 1, 16, 65537})
  void mirrorFilesRoundTripThroughAnotherInstance(int size) throws Exception {
    byte[] plain = random(size);

    assertThat(open(passphrase(), Encryption.Mode.OPENSSL, seal(passphrase(), plain, true))).isEqualTo(plain);
    assertThat(open(age(), Encryption.Mode.AGE, seal(age(), plain, true))).isEqualTo(plain);
  }

  @Test
  void mirrorFilesShareTheMirrorSaltButEachHasItsOwnSaltAndKey() throws Exception {
    Encryption e = passphrase();
    byte[] plain = random(4096);
    Stored one = seal(e, plain, true);
    Stored two = seal(e, plain, true);

    String[] k1 = one.keyCheck().orElseThrow().split(":");
    String[] k2 = two.keyCheck().orElseThrow().split(":");
    assertThat(k1).hasSize(2);
    assertThat(k1[0]).hasSize(16);
    assertThat(k1[1]).hasSize(2 * OpensslEnc.MIRROR_SALT_LENGTH).isEqualTo(k2[1]);
    // Salted__ and a fresh salt each; the same plaintext gives unrelated ciphertexts
    assertThat(Arrays.copyOfRange(one.bytes(), 0, 8)).isEqualTo(OpensslEnc.MAGIC);
    assertThat(Arrays.copyOfRange(one.bytes(), 8, 16)).isNotEqualTo(Arrays.copyOfRange(two.bytes(), 8, 16));
    assertThat(Arrays.copyOfRange(one.bytes(), 16, 32)).isNotEqualTo(Arrays.copyOfRange(two.bytes(), 16, 32));
    assertThat(k1[0]).isNotEqualTo(k2[0]);
    // a set's own object (a bundle) is keyed by the passphrase itself, with no mirror salt
    assertThat(seal(e, plain, false).keyCheck().orElseThrow()).hasSize(16).doesNotContain(":");
  }

  @Test
  void aMirrorFileUnderAWrongPassphraseOrAnAlteredMirrorSaltIsRefused() throws Exception {
    Stored s = seal(passphrase(), random(1000), true);
    Encryption wrong = Encryption.of(Optional.of(Secret.of("not " + PASSPHRASE)), List.of(), Optional.empty());
    String[] k = s.keyCheck().orElseThrow().split(":");
    String otherSalt = (k[1].charAt(0) == '0' ? "1" : "0") + k[1].substring(1);
    Stored altered = new Stored(s.bytes(), s.mac(), Optional.of(k[0] + ":" + otherSalt));

    assertThatThrownBy(() -> open(wrong, Encryption.Mode.OPENSSL, s))
        .isInstanceOf(DecryptionException.class)
        .hasMessageContaining("wrong passphrase");
    assertThatThrownBy(() -> open(passphrase(), Encryption.Mode.OPENSSL, altered))
        .isInstanceOf(DecryptionException.class)
        .hasMessageContaining("wrong passphrase");
  }

  @Test
  void ageChunksAre64KiBAndAFullLastChunkIsTheFinalOne() throws Exception {
    Stored one = seal(age(), random(65536));
    Stored two = seal(age(), random(65537));
    Stored empty = seal(age(), new byte[0]);

    int header = empty.bytes().length - 16 - 16;
    assertThat(one.bytes().length).isEqualTo(header + 16 + 65536 + 16);
    assertThat(two.bytes().length).isEqualTo(header + 16 + 65536 + 16 + 1 + 16);
  }

  @Test
  void passphraseModeCarriesAMacAndAKeyCheckAndAgeNeither() throws Exception {
    Stored p = seal(passphrase(), random(100));
    Stored a = seal(age(), random(100));

    assertThat(p.mac()).hasValueSatisfying(m -> assertThat(m).hasSize(64));
    assertThat(p.keyCheck()).hasValueSatisfying(k -> assertThat(k).hasSize(16));
    assertThat(a.mac()).isEmpty();
    assertThat(a.keyCheck()).isEmpty();
  }

  @Test
  void aWrongPassphraseIsToldBeforeAnyDecryption() throws Exception {
    Stored s = seal(passphrase(), random(1000));
    Encryption wrong = Encryption.of(Optional.of(Secret.of("not " + PASSPHRASE)), List.of(), Optional.empty());

    assertThatThrownBy(() -> open(wrong, Encryption.Mode.OPENSSL, s))
        .isInstanceOf(DecryptionException.class)
        .hasMessageContaining("wrong passphrase")
        .hasMessageNotContaining(PASSPHRASE);
  }

  @Test
  void aWrongPassphraseWithoutAKeyCheckNeverGivesAWholeStream() throws Exception {
    // As with an OpenCRVS bundle: no key check, no MAC; the padding is all there is.
    Stored s = seal(passphrase(), random(1000));
    Stored bare = new Stored(s.bytes(), Optional.empty(), Optional.empty());
    int failures = 0;
    for (int i = 0; i < 40; i++) {
      Encryption wrong = Encryption.of(Optional.of(Secret.of("wrong-" + i)), List.of(), Optional.empty());
      try {
        open(wrong, Encryption.Mode.OPENSSL, bare);
      } catch (DecryptionException e) {
        failures++;
      }
    }
    // a wrong key passes the padding check about once in 256 tries; the bundle's gzip CRC catches those
    assertThat(failures).isGreaterThanOrEqualTo(38);
  }

  @ParameterizedTest
  @EnumSource(value = Encryption.Mode.class, names = {"OPENSSL", "AGE"})
  void aFlippedByteAnywhereIsAnError(Encryption.Mode mode) throws Exception {
    Encryption e = mode == Encryption.Mode.AGE ? age() : passphrase();
    Stored s = seal(e, random(150_000));
    for (int at : new int[] {20, 200, s.bytes().length / 2, s.bytes().length - 1}) {
      byte[] bad = s.bytes().clone();
      bad[at] ^= 0x01;
      assertThatThrownBy(() -> open(e, mode, new Stored(bad, s.mac(), s.keyCheck())))
          .as("flipped byte %d", at)
          .isInstanceOf(DecryptionException.class);
    }
  }

  /** Opens through a digest of the stored bytes that the caller keeps, as a pull of a bundle does. */
  private static byte[] openSharingTheDigest(Stored s, java.security.MessageDigest md) throws IOException {
    try (InputStream in = passphrase().open(Encryption.Mode.OPENSSL,
        new java.security.DigestInputStream(new ByteArrayInputStream(s.bytes()), md), s.mac(), s.keyCheck(), md)) {
      return in.readAllBytes();
    }
  }

  @Test
  void theMacCheckCanUseTheCallersDigestOfTheStoredBytesAndLeavesItWhole() throws Exception {
    byte[] plain = random(200_000);
    Stored s = seal(passphrase(), plain);
    java.security.MessageDigest md = Hashing.sha256();

    assertThat(openSharingTheDigest(s, md)).isEqualTo(plain);
    assertThat(md.digest()).isEqualTo(Hashing.sha256().digest(s.bytes()));

    for (int at : new int[] {20, s.bytes().length / 2, s.bytes().length - 40}) {
      byte[] bad = s.bytes().clone();
      bad[at] ^= 0x01;
      assertThatThrownBy(() -> openSharingTheDigest(new Stored(bad, s.mac(), s.keyCheck()), Hashing.sha256()))
          .as("flipped byte %d", at)
          .isInstanceOf(DecryptionException.class);
    }
    // a byte in the middle of CBC decrypts to garbage with a valid padding: only the MAC can refuse it
    byte[] middle = s.bytes().clone();
    middle[s.bytes().length / 2] ^= 0x01;
    assertThatThrownBy(() -> openSharingTheDigest(new Stored(middle, s.mac(), s.keyCheck()), Hashing.sha256()))
        .hasMessageContaining("MAC does not match");
  }

  @ParameterizedTest
  @EnumSource(value = Encryption.Mode.class, names = {"OPENSSL", "AGE"})
  void aTruncatedFileIsAnError(Encryption.Mode mode) throws Exception {
    Encryption e = mode == Encryption.Mode.AGE ? age() : passphrase();
    Stored s = seal(e, random(150_000));
    int chunkBoundary = s.bytes().length - (150_000 - 2 * 65536) - 16;
    for (int keep : new int[] {0, 10, 100, chunkBoundary, s.bytes().length - 16, s.bytes().length - 1}) {
      byte[] cut = Arrays.copyOf(s.bytes(), keep);
      assertThatThrownBy(() -> open(e, mode, new Stored(cut, s.mac(), s.keyCheck())))
          .as("kept %d of %d bytes", keep, s.bytes().length)
          .isInstanceOf(IOException.class);
    }
  }

  @Test
  void anAgeFileNeedsAnIdentityAndAPassphraseFileAPassphrase() throws Exception {
    Stored a = seal(age(), random(10));
    Stored p = seal(passphrase(), random(10));
    Encryption nothing = Encryption.of(Optional.empty(), List.of(), Optional.empty());

    assertThatThrownBy(() -> open(nothing, Encryption.Mode.AGE, a)).hasMessageContaining("BACKUP_ENCRYPTION_IDENTITY");
    assertThatThrownBy(() -> open(nothing, Encryption.Mode.OPENSSL, p))
        .hasMessageContaining("BACKUP_ENCRYPTION_PASSPHRASE");
  }

  @Test
  void recipientsWinOverAPassphraseForNewCopies() {
    Encryption both = Encryption.of(Optional.of(Secret.of(PASSPHRASE)), List.of(CryptoVectorsTest.RECIPIENT),
        Optional.empty());

    assertThat(both.mode()).isEqualTo(Encryption.Mode.AGE);
    assertThat(passphrase().mode()).isEqualTo(Encryption.Mode.OPENSSL);
    assertThat(Encryption.of(Optional.empty(), List.of(), Optional.empty()).mode()).isEqualTo(Encryption.Mode.NONE);
  }

  @Test
  void aBadIdentityFileIsNamedWithoutItsContent() throws Exception {
    Stored a = seal(age(), random(10));
    String secretish = "AGE-SECRET-KEY-1NOTAKEYATALL";
    Encryption bad = Encryption.of(Optional.empty(), List.of(), Optional.of(Secret.of("# x\n" + secretish + "\n")));

    assertThatThrownBy(() -> open(bad, Encryption.Mode.AGE, a))
        .hasMessageContaining("line 2")
        .hasMessageNotContaining(secretish);
  }
}
