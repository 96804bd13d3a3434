package io.crvsbackup.offsite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Known-answer tests of the primitives under the offsite encryption: HKDF (RFC 5869), X25519 (RFC 7748),
 * bech32 as age uses it, and files made by the real openssl and age CLIs (kept here as base64).
 */
class CryptoVectorsTest {
  private static final HexFormat HEX = HexFormat.of();
  /** Made by age-keygen 1.1.1. */
  static final String IDENTITY = "AGE-SECRET-KEY-17WCUNJDTNZHSDWE37FKP5G9XV8RK436UHN4WYJFC6MR548GWJ96Q6Z4XGS";
  static final String RECIPIENT = "age18t5e47jgc5zhsmmmutzrxlxrm2yqyfw0n36tjhr0uav3tp8tr58s7evq2x";
  private static final String PLAIN = "OpenCRVS registers births and deaths.\n";
  /** age -r RECIPIENT of PLAIN, by age 1.1.1. */
  private static final String AGE_FILE =
      "YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IFgyNTUxOSBjSXFDWmgxamEvYnZicWM2TktLSUtyeGErYVplNW1sT3NlOGJyLzRaQW4wCitER"
          + "XdoQ1VxdlZLQkJUd3JaNWExenNmZkI3czJmUEp4M3o5QVZCL3VNcWcKLS0tIEZvT1M0TkltSGlLMEpPb0g4NVJxT2oxZDg0Z1lZN0cy"
          + "MFpldm9MekVYVUUKdGjV+z2768St66HhzOmgK5yInvp0X6Qf4AGwGPpJa/998pyrpJunhpxQ2ghSK2ZtnL11EMZHbd8pJb5qdndyoL7"
          + "0t7PwSw==";
  /**
   * openssl enc -aes-256-cbc -salt -pbkdf2 -S 0001020304050607 -pass file:(correct horse battery staple) of
   * PLAIN, by OpenSSL 3.0; with an explicit -S openssl leaves the Salted__ header out, so it is added here.
   */
  private static final String OPENSSL_BODY = "ErLHEYaFniqjTarMJ+mDoOK33sY3yTbPRmlpWGfOXZygjQ6fpt10Qj68xAxXMWj2";

  @Test
  void hkdfMatchesRfc5869TestCase1() {
    byte[] ikm = HEX.parseHex("0b".repeat(22));
    byte[] salt = HEX.parseHex("000102030405060708090a0b0c");
    byte[] info = HEX.parseHex("f0f1f2f3f4f5f6f7f8f9");

    byte[] okm = Hkdf.derive(ikm, salt, info, 42);

    assertThat(HEX.formatHex(okm)).isEqualTo(
        "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
  }

  @Test
  void hkdfWithAnEmptySaltMatchesRfc5869TestCase3() {
    byte[] okm = Hkdf.derive(HEX.parseHex("0b".repeat(22)), new byte[0], new byte[0], 42);

    assertThat(HEX.formatHex(okm)).isEqualTo(
        "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");
  }

  @Test
  void x25519MatchesRfc7748() throws InvalidKeyException {
    byte[] scalar = HEX.parseHex("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4");
    byte[] u = HEX.parseHex("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c");

    assertThat(HEX.formatHex(AgeKeys.x25519(scalar, u)))
        .isEqualTo("c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552");
  }

  @Test
  void x25519DiffieHellmanMatchesRfc7748() {
    byte[] alice = HEX.parseHex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");

    assertThat(HEX.formatHex(AgeKeys.publicKey(alice)))
        .isEqualTo("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
  }

  @Test
  void aLowOrderPointIsRefused() {
    byte[] scalar = HEX.parseHex("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4");

    assertThatThrownBy(() -> AgeKeys.x25519(scalar, new byte[32])).isInstanceOf(InvalidKeyException.class);
  }

  @Test
  void theIdentityOfAgeKeygenGivesItsRecipient() {
    byte[] secret = AgeKeys.parseIdentities("# created by age-keygen\n" + IDENTITY + "\n").get(0);

    assertThat(AgeKeys.formatRecipient(AgeKeys.publicKey(secret))).isEqualTo(RECIPIENT);
    assertThat(AgeKeys.formatIdentity(secret)).isEqualTo(IDENTITY);
    assertThat(AgeKeys.parseRecipient(RECIPIENT)).isEqualTo(AgeKeys.publicKey(secret));
  }

  @Test
  void bech32RoundTripsAndRefusesTyposAndMixedCase() {
    byte[] data = HEX.parseHex("00ff10203040506070809000aabbccddeeff0102030405060708090a0b0c0d0e0f");
    String s = Bech32.encode("age", data);

    assertThat(Bech32.decode(s).data()).isEqualTo(data);
    assertThat(Bech32.decode(s.toUpperCase()).hrp()).isEqualTo("age");
    char last = s.charAt(s.length() - 1);
    String typo = s.substring(0, s.length() - 1) + (last == 'q' ? 'p' : 'q');
    assertThatThrownBy(() -> Bech32.decode(typo)).hasMessageContaining("checksum");
    assertThatThrownBy(() -> Bech32.decode("Age" + s.substring(3))).hasMessageContaining("mixes");
    assertThatThrownBy(() -> Bech32.decode("age1bio")).isInstanceOf(IllegalArgumentException.class);
    // BIP 173 test vectors that carry no data
    assertThat(Bech32.decode("A12UEL5L").hrp()).isEqualTo("a");
    assertThat(Bech32.decode("a12uel5l").data()).isEmpty();
  }

  @Test
  void aRecipientWithABadChecksumIsNamed() {
    String bad = RECIPIENT.substring(0, 10) + (RECIPIENT.charAt(10) == 'q' ? 'p' : 'q') + RECIPIENT.substring(11);

    assertThatThrownBy(() -> AgeKeys.parseRecipient(bad)).hasMessageContaining(bad).hasMessageContaining("checksum");
  }

  @Test
  void weDecryptAFileMadeByTheAgeCli() throws Exception {
    InputStream in = new ByteArrayInputStream(Base64.getDecoder().decode(AGE_FILE));
    byte[] fileKey = AgeHeader.unwrap(AgeHeader.read(in), AgeKeys.parseIdentities(IDENTITY));

    assertThat(new String(AgePayload.decrypt(in, fileKey).readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(PLAIN);
  }

  @Test
  void anotherIdentityCannotDecryptTheAgeFileAndSaysSo() throws Exception {
    byte[] other = new byte[32];
    other[0] = 7;
    InputStream in = new ByteArrayInputStream(Base64.getDecoder().decode(AGE_FILE));

    assertThatThrownBy(() -> AgeHeader.unwrap(AgeHeader.read(in), List.of(other)))
        .isInstanceOf(DecryptionException.class)
        .hasMessageContaining("none of the identities")
        .matches(e -> ((DecryptionException) e).wrongKey());
  }

  @Test
  void weDecryptAFileMadeByOpenssl() throws Exception {
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    file.write(OpensslEnc.MAGIC);
    file.write(HEX.parseHex("0001020304050607"));
    file.write(Base64.getDecoder().decode(OPENSSL_BODY));
    InputStream in = new ByteArrayInputStream(file.toByteArray());

    byte[] salt = OpensslEnc.readSalt(in);
    OpensslEnc.Keys keys = OpensslEnc.derive("correct horse battery staple".toCharArray(), salt);

    assertThat(new String(OpensslEnc.decrypt(in, keys).readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(PLAIN);
  }

  @Test
  void ourOpensslFileForTheSameSaltIsByteForByteOpenssls() throws Exception {
    OpensslEnc.Keys keys = OpensslEnc.derive("correct horse battery staple".toCharArray(),
        HEX.parseHex("0001020304050607"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (var enc = OpensslEnc.encrypt(out, keys)) {
      enc.write(PLAIN.getBytes(StandardCharsets.UTF_8));
    }

    byte[] body = java.util.Arrays.copyOfRange(out.toByteArray(), OpensslEnc.HEADER_LENGTH, out.size());
    assertThat(Base64.getEncoder().encodeToString(body)).isEqualTo(OPENSSL_BODY);
  }
}
