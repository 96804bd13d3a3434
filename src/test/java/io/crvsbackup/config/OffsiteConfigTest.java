package io.crvsbackup.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The offsite variables: required companions of a host, host-key sources, formats, secrets never shown. */
class OffsiteConfigTest {
  private static final String SECRET = "Qv8-offsite-SECRET-3zP";
  private static final String RECIPIENT = "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p";
  private static final String FINGERPRINT = "SHA256:" + "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789+/AbCdE";

  @TempDir Path tmp;

  private static Map<String, String> server() {
    Map<String, String> env = new HashMap<>();
    env.put("EXTERNAL_BACKUP_HOST", "backup.example.org");
    env.put("EXTERNAL_BACKUP_USER", "backup");
    env.put("EXTERNAL_BACKUP_DIR", "/home/backup/opencrvs/");
    env.put("EXTERNAL_BACKUP_SSH_KEY_FILE", "/run/secrets/backup-ssh-key");
    env.put("EXTERNAL_BACKUP_KNOWN_HOSTS", "/run/secrets/backup-known-hosts");
    return env;
  }

  private static ConfigException failure(Map<String, String> env) {
    return catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(env));
  }

  @Test
  void noHostMeansNoOffsiteCopiesAndTheDefaults() throws Exception {
    Settings.Offsite o = ConfigLoader.load(Map.of()).offsite();

    assertThat(o.enabled()).isFalse();
    assertThat(o.server()).isEmpty();
    assertThat(o.retention()).isEqualTo(7);
    assertThat(o.recipients()).isEmpty();
    assertThat(o.identity()).isEmpty();
    assertThat(o.keyPassphrase()).isEmpty();
  }

  @Test
  void aCompleteServerIsRead() throws Exception {
    Map<String, String> env = server();
    env.put("EXTERNAL_BACKUP_PORT", "2222");
    env.put("EXTERNAL_BACKUP_RETENTION", "30");
    env.put("EXTERNAL_BACKUP_HOST_KEY_FINGERPRINT", FINGERPRINT);
    env.put("EXTERNAL_BACKUP_SSH_KEY_PASSPHRASE", SECRET);

    Settings s = ConfigLoader.load(env);

    Settings.OffsiteServer srv = s.offsite().server().orElseThrow();
    assertThat(srv.host()).isEqualTo("backup.example.org");
    assertThat(srv.port()).isEqualTo(2222);
    assertThat(srv.user()).isEqualTo("backup");
    assertThat(srv.dir()).isEqualTo("/home/backup/opencrvs");
    assertThat(srv.keyFile()).isEqualTo(Path.of("/run/secrets/backup-ssh-key"));
    assertThat(srv.knownHosts()).contains(Path.of("/run/secrets/backup-known-hosts"));
    assertThat(srv.hostKeyFingerprint()).contains(FINGERPRINT);
    assertThat(srv).hasToString("backup@backup.example.org:2222/home/backup/opencrvs");
    assertThat(s.offsite().retention()).isEqualTo(30);
    assertThat(s.offsite().keyPassphrase().orElseThrow().reveal()).isEqualTo(SECRET);
    assertThat(s.toString()).doesNotContain(SECRET);
  }

  @Test
  void aFingerprintAloneIsEnoughAndIsNormalised() throws Exception {
    Map<String, String> env = server();
    env.remove("EXTERNAL_BACKUP_KNOWN_HOSTS");
    env.put("EXTERNAL_BACKUP_HOST_KEY_FINGERPRINT", "sha256:" + FINGERPRINT.substring(7) + "=");

    Settings.OffsiteServer srv = ConfigLoader.load(env).offsite().server().orElseThrow();

    assertThat(srv.knownHosts()).isEmpty();
    assertThat(srv.hostKeyFingerprint()).contains(FINGERPRINT);
  }

  @ParameterizedTest(name = "without {0}")
  @CsvSource({
    "EXTERNAL_BACKUP_USER, is required when EXTERNAL_BACKUP_HOST is set",
    "EXTERNAL_BACKUP_DIR, is required when EXTERNAL_BACKUP_HOST is set",
    "EXTERNAL_BACKUP_SSH_KEY_FILE, is required when EXTERNAL_BACKUP_HOST is set",
    "EXTERNAL_BACKUP_KNOWN_HOSTS, never accepts a host key it cannot check",
  })
  void aHostNeedsItsCompanions(String missing, String expected) {
    Map<String, String> env = server();
    env.remove(missing);

    ConfigException e = failure(env);

    assertThat(e.problems()).extracting(ConfigProblem::variable).containsExactly(missing);
    assertThat(e.problems().get(0).message()).contains(expected);
  }

  @Test
  void aHostAloneReportsEveryMissingCompanionAtOnce() {
    ConfigException e = failure(Map.of("EXTERNAL_BACKUP_HOST", "backup.example.org"));

    assertThat(e.problems()).extracting(ConfigProblem::variable).containsExactlyInAnyOrder(
        "EXTERNAL_BACKUP_USER", "EXTERNAL_BACKUP_DIR", "EXTERNAL_BACKUP_SSH_KEY_FILE", "EXTERNAL_BACKUP_KNOWN_HOSTS");
  }

  @ParameterizedTest(name = "{0} without a host")
  @CsvSource({
    "EXTERNAL_BACKUP_USER, backup",
    "EXTERNAL_BACKUP_DIR, /srv/backups",
    "EXTERNAL_BACKUP_PORT, 22",
    "EXTERNAL_BACKUP_RETENTION, 7",
    "EXTERNAL_BACKUP_SSH_KEY_FILE, /run/secrets/key",
    "EXTERNAL_BACKUP_KNOWN_HOSTS, /run/secrets/known",
  })
  void aServerVariableWithoutAHostIsReported(String variable, String value) {
    ConfigException e = failure(Map.of(variable, value));

    assertThat(e.problems()).extracting(ConfigProblem::variable).containsExactly(variable);
    assertThat(e.problems().get(0).message()).contains("EXTERNAL_BACKUP_HOST is not");
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "EXTERNAL_BACKUP_HOST                 | backup@host.org      | not a host name",
        "EXTERNAL_BACKUP_HOST                 | host.org:22          | not a host name",
        "EXTERNAL_BACKUP_HOST                 | host name            | not a host name",
        "EXTERNAL_BACKUP_PORT                 | 0                    | from 1 to 65535",
        "EXTERNAL_BACKUP_PORT                 | ssh                  | from 1 to 65535",
        "EXTERNAL_BACKUP_PORT                 | 65536                | from 1 to 65535",
        "EXTERNAL_BACKUP_USER                 | back up              | not a user name",
        "EXTERNAL_BACKUP_USER                 | a@b                  | not a user name",
        "EXTERNAL_BACKUP_DIR                  | backups              | not an absolute folder",
        "EXTERNAL_BACKUP_DIR                  | /                    | not an absolute folder",
        "EXTERNAL_BACKUP_DIR                  | /srv/../etc          | not an absolute folder",
        "EXTERNAL_BACKUP_SSH_KEY_FILE         | id_ed25519           | not an absolute path",
        "EXTERNAL_BACKUP_KNOWN_HOSTS          | known_hosts          | not an absolute path",
        "EXTERNAL_BACKUP_HOST_KEY_FINGERPRINT | MD5:16:27:ac:a5      | not a SHA256 host-key fingerprint",
        "EXTERNAL_BACKUP_HOST_KEY_FINGERPRINT | SHA256:tooShort      | not a SHA256 host-key fingerprint",
        "EXTERNAL_BACKUP_RETENTION            | 0                    | from 1 to 3650",
        "EXTERNAL_BACKUP_RETENTION            | seven                | from 1 to 3650",
      })
  void aBadServerValueIsOneProblemNamingTheVariable(String variable, String value, String expected) {
    Map<String, String> env = server();
    env.put(variable, value);

    ConfigException e = failure(env);

    assertThat(e.problems()).extracting(ConfigProblem::variable).containsExactly(variable);
    assertThat(e.problems().get(0).message()).contains(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"10.0.0.5", "[2001:db8::5]", "2001:db8::5", "backup-1.example.org", "b"})
  void hostsAndAddressesAreAccepted(String host) throws Exception {
    Map<String, String> env = server();
    env.put("EXTERNAL_BACKUP_HOST", host);

    Settings.OffsiteServer srv = ConfigLoader.load(env).offsite().server().orElseThrow();

    assertThat(srv.host()).isEqualTo(host.replace("[", "").replace("]", ""));
  }

  @Test
  void recipientsAreAListOfAgeRecipients() throws Exception {
    String second = "age1lggyhqrw2nlhcxprm67z43rta597azn8gknawjehu9d9dl0jq3yqqvfafg";
    Settings s = ConfigLoader.load(Map.of("BACKUP_ENCRYPTION_RECIPIENTS", RECIPIENT + ", " + second + " " + RECIPIENT));

    assertThat(s.offsite().recipients()).containsExactly(RECIPIENT, second);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "age1short                                                       | not an age recipient",
        "AGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ | not an age recipient",
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHmv5R2                       | SSH key",
        "age1QL3Z7HJY54PW3HYWW5AYYFG7ZQGVC7W3J2ELW8ZMRJ2KG5SFN9AQmcac8p  | not an age recipient",
      })
  void aBadRecipientIsReported(String value, String expected) {
    ConfigException e = failure(Map.of("BACKUP_ENCRYPTION_RECIPIENTS", value));

    assertThat(e.problems()).extracting(ConfigProblem::variable).containsExactly("BACKUP_ENCRYPTION_RECIPIENTS");
    assertThat(e.problems().get(0).message()).contains(expected);
  }

  @Test
  void anAllUppercaseRecipientIsAccepted() throws Exception {
    Settings s = ConfigLoader.load(Map.of("BACKUP_ENCRYPTION_RECIPIENTS", RECIPIENT.toUpperCase()));

    assertThat(s.offsite().recipients()).containsExactly(RECIPIENT);
  }

  @Test
  void aPassphraseOfSeveralLinesIsRefusedWithoutShowingIt() throws Exception {
    Path file = tmp.resolve("passphrase");
    Files.writeString(file, SECRET + "\nsecond line\n");

    ConfigException e = failure(Map.of("BACKUP_ENCRYPTION_PASSPHRASE_FILE", file.toString()));

    assertThat(e.problems()).extracting(ConfigProblem::variable).containsExactly("BACKUP_ENCRYPTION_PASSPHRASE");
    assertThat(e.getMessage()).contains("single line").doesNotContain(SECRET);
  }

  @Test
  void theIdentityAndTheKeyPassphraseComeFromFilesAndStayHidden() throws Exception {
    Path identity = tmp.resolve("identity");
    Files.writeString(identity, "# created: 2026-11-25\nAGE-SECRET-KEY-1" + SECRET + "\n");
    Path keyPass = tmp.resolve("key-pass");
    Files.writeString(keyPass, SECRET + "\n");
    Map<String, String> env = server();
    env.put("BACKUP_ENCRYPTION_IDENTITY_FILE", identity.toString());
    env.put("EXTERNAL_BACKUP_SSH_KEY_PASSPHRASE_FILE", keyPass.toString());

    Settings s = ConfigLoader.load(env);

    assertThat(s.offsite().identity().orElseThrow().reveal()).contains("AGE-SECRET-KEY-1" + SECRET);
    assertThat(s.offsite().keyPassphrase().orElseThrow().reveal()).isEqualTo(SECRET);
    assertThat(s.toString()).doesNotContain(SECRET);
  }

  @Test
  void everyProblemOfTheOffsiteSetupIsReportedTogetherWithTheOthers() {
    Map<String, String> env = server();
    env.put("EXTERNAL_BACKUP_PORT", "x");
    env.put("EXTERNAL_BACKUP_RETENTION", "0");
    env.put("BACKUP_RETENTION_DAYS", "0");

    ConfigException e = failure(env);

    assertThat(e.problems()).extracting(ConfigProblem::variable).containsExactlyInAnyOrder(
        "EXTERNAL_BACKUP_PORT", "EXTERNAL_BACKUP_RETENTION", "BACKUP_RETENTION_DAYS");
  }
}
