package io.crvsbackup.offsite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Our PBKDF2-HMAC-SHA256 gives the bytes of RFC 7914's vector and of the JDK's own implementation. */
class Pbkdf2Test {
  @Test
  void rfc7914Vector() {
    byte[] dk = Pbkdf2.hmacSha256("passwd".getBytes(StandardCharsets.US_ASCII),
        "salt".getBytes(StandardCharsets.US_ASCII), 1, 64);

    assertThat(HexFormat.of().formatHex(dk)).isEqualTo(
        "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
            + "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783");
  }

  @ParameterizedTest
  @CsvSource({
    "8, 1, 48", "8, 2, 48", "8, 10000, 48", "5, 3, 32", "70, 7, 20", "200, 5, 64", "1, 100, 100", "0, 4, 48"
  })
  void sameBytesAsTheJdk(int passwordChars, int iterations, int length) throws Exception {
    Random random = new Random(passwordChars * 31L + iterations);
    StringBuilder pw = new StringBuilder();
    for (int i = 0; i < passwordChars; i++) {
      pw.append(i % 3 == 0 ? (char) (0xe0 + random.nextInt(30)) : (char) ('a' + random.nextInt(26)));
    }
    byte[] salt = new byte[8];
    random.nextBytes(salt);
    if (passwordChars == 0) {
      pw.append("x"); // the JDK refuses an empty password; ours is checked with a one-character one
    }

    byte[] ours = Pbkdf2.hmacSha256(pw.toString().getBytes(StandardCharsets.UTF_8), salt, iterations, length);
    byte[] jdk = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
        .generateSecret(new PBEKeySpec(pw.toString().toCharArray(), salt, iterations, length * 8)).getEncoded();

    assertThat(ours).isEqualTo(jdk);
  }
}
