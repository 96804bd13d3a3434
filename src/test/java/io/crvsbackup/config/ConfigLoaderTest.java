package io.crvsbackup.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigLoaderTest {
  /** Recognisable, so that a leak anywhere in a message is caught. */
  private static final String SECRET = "Zq7-s3cr3t-VALUE-9xK";

  @TempDir Path tmp;

  @Test
  void defaultsApplyWhenNothingIsSet() throws Exception {
    Settings s = ConfigLoader.load(Map.of());

    assertThat(s.store().backupDir()).isEqualTo(Path.of("/data/backups"));
    assertThat(s.store().retentionDays()).isEqualTo(7);
    assertThat(s.schedule()).hasToString("0 0 * * *");
    assertThat(s.stack().name()).isEqualTo("opencrvs");
    assertThat(s.stack().dockerHost()).isEqualTo("unix:///var/run/docker.sock");
    assertThat(s.mongo().uri()).isEmpty();
    assertThat(s.mongo().databases())
        .containsExactly("hearth-dev", "openhim-dev", "user-mgnt", "application-config");
    assertThat(s.mongo().autoDatabases()).isFalse();
    assertThat(s.mongo().user()).isEmpty();
    assertThat(s.mongo().password()).isEmpty();
    assertThat(s.elastic().url()).isEmpty();
    assertThat(s.elastic().user()).isEmpty();
    assertThat(s.elastic().password()).isEmpty();
    assertThat(s.influx().url()).isEmpty();
    assertThat(s.influx().rpcAddress()).isEmpty();
    assertThat(s.encryptionPassphrase()).isEmpty();
  }

  @Test
  void blankValuesCountAsUnset() throws Exception {
    Settings s = ConfigLoader.load(Map.of("BACKUP_RETENTION_DAYS", "  ", "STACK_NAME", ""));

    assertThat(s.store().retentionDays()).isEqualTo(7);
    assertThat(s.stack().name()).isEqualTo("opencrvs");
  }

  @Test
  void readsEveryFixedVariable() throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("BACKUP_DIR", "/srv/backups/");
    env.put("BACKUP_RETENTION_DAYS", " 14 ");
    env.put("BACKUP_SCHEDULE", "30 2 * * mon-fri");
    env.put("STACK_NAME", "crvs.prod_1");
    env.put("DOCKER_HOST", "tcp://127.0.0.1:2375");
    env.put("MONGODB_URI", "mongodb://admin:" + SECRET + "@mongo1:27017/?replicaSet=rs0");
    env.put("MONGODB_DATABASES", "hearth-dev, metrics ,events");
    env.put("MONGODB_ADMIN_USER", "mongo-admin");
    env.put("MONGODB_ADMIN_PASSWORD", "mongo-" + SECRET);
    env.put("ELASTICSEARCH_URL", "https://es.internal:9200");
    env.put("ELASTICSEARCH_ADMIN_USER", "elastic");
    env.put("ELASTICSEARCH_ADMIN_PASSWORD", "es-" + SECRET);
    env.put("INFLUXDB_URL", "http://influxdb:8086");
    env.put("INFLUXDB_RPC_ADDRESS", "influxdb:8088");
    env.put("BACKUP_ENCRYPTION_PASSPHRASE", "pass " + SECRET + " phrase");

    Settings s = ConfigLoader.load(env);

    assertThat(s.store().backupDir()).isEqualTo(Path.of("/srv/backups"));
    assertThat(s.store().retentionDays()).isEqualTo(14);
    assertThat(s.schedule()).hasToString("30 2 * * mon-fri");
    assertThat(s.stack().explicitName()).contains("crvs.prod_1");
    assertThat(s.stack().dockerHost()).isEqualTo("tcp://127.0.0.1:2375");
    assertThat(s.mongo().uri().orElseThrow().reveal())
        .isEqualTo("mongodb://admin:" + SECRET + "@mongo1:27017/?replicaSet=rs0");
    assertThat(s.mongo().databases()).containsExactly("hearth-dev", "metrics", "events");
    assertThat(s.mongo().user()).contains("mongo-admin");
    assertThat(s.mongo().password().orElseThrow().reveal()).isEqualTo("mongo-" + SECRET);
    assertThat(s.elastic().url()).contains(URI.create("https://es.internal:9200"));
    assertThat(s.elastic().user()).contains("elastic");
    assertThat(s.elastic().password().orElseThrow().reveal()).isEqualTo("es-" + SECRET);
    assertThat(s.influx().url()).contains(URI.create("http://influxdb:8086"));
    assertThat(s.influx().rpcAddress()).contains(new Settings.HostPort("influxdb", 8088));
    // A secret keeps its spaces: they may be part of it.
    assertThat(s.encryptionPassphrase().orElseThrow().reveal()).isEqualTo("pass " + SECRET + " phrase");
    // Secrets stay hidden when the whole configuration is printed.
    assertThat(s.toString()).doesNotContain(SECRET);
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "BACKUP_RETENTION_DAYS | abc              | from 1 to 3650",
        "BACKUP_RETENTION_DAYS | 0                | from 1 to 3650",
        "BACKUP_RETENTION_DAYS | -1               | from 1 to 3650",
        "BACKUP_RETENTION_DAYS | 3651             | from 1 to 3650",
        "BACKUP_RETENTION_DAYS | 99999            | from 1 to 3650",
        "BACKUP_RETENTION_DAYS | 1.5              | from 1 to 3650",
        "BACKUP_RETENTION_DAYS | 7d               | from 1 to 3650",
        "BACKUP_SCHEDULE       | 0 0 * *          | expected 5",
        "BACKUP_SCHEDULE       | 61 0 * * *       | minute field",
        "BACKUP_SCHEDULE       | @daily           | expected 5",
        "BACKUP_SCHEDULE       | 0 0 * * funday   | day-of-week field",
        "BACKUP_DIR            | data/backups     | not an absolute path",
        "STACK_NAME            | my stack         | not a stack name",
        "STACK_NAME            | -opencrvs        | not a stack name",
        "DOCKER_HOST           | http://docker:2375 | not a Docker endpoint",
        "ELASTICSEARCH_URL     | elasticsearch:9200 | http:// or https://",
        "ELASTICSEARCH_URL     | ftp://es:21      | http:// or https://",
        "ELASTICSEARCH_URL     | http:///nohost   | with a host",
        "ELASTICSEARCH_URL     | http://es host:9200 | not a URL",
        "INFLUXDB_URL          | influxdb         | http:// or https://",
        "INFLUXDB_URL          | http://          | not a URL",
        "INFLUXDB_RPC_ADDRESS  | influxdb         | not host:port",
        "INFLUXDB_RPC_ADDRESS  | influxdb:0       | not host:port",
        "INFLUXDB_RPC_ADDRESS  | influxdb:65536   | not host:port",
        "INFLUXDB_RPC_ADDRESS  | influxdb:port    | not host:port",
        "INFLUXDB_RPC_ADDRESS  | :8088            | not host:port",
        "INFLUXDB_RPC_ADDRESS  | influx db:8088   | not host:port",
        "INFLUXDB_RPC_ADDRESS  | http://influxdb:8088 | not host:port",
        "MONGODB_DATABASES     | hearth dev       | not a database name",
        "MONGODB_DATABASES     | 'hearth-dev,,user-mgnt' | not a database name",
        "MONGODB_DATABASES     | 'hearth-dev,'    | not a database name",
        "MONGODB_DATABASES     | app.config       | not a database name",
        "MONGODB_DATABASES     | a/b              | not a database name",
        "MONGODB_DATABASES     | $cmd             | not a database name",
        "MONGODB_DATABASES     | 'hearth-dev,user-mgnt,hearth-dev' | listed twice",
        "MONGODB_URI           | postgres://db/x  | must start with mongodb://",
      })
  void aBadValueIsOneProblemNamingTheVariable(String variable, String value, String expected) {
    ConfigException e = failure(Map.of(variable, value));

    assertThat(e.problems()).hasSize(1);
    assertThat(e.problems().get(0).variable()).isEqualTo(variable);
    assertThat(e.problems().get(0).message()).contains(expected);
    assertThat(e.getMessage()).contains(variable + ": ").contains("(1 problem)");
  }

  @Test
  void aDatabaseNameLongerThan63CharactersIsRejected() throws Exception {
    String name63 = "d".repeat(63);
    assertThat(ConfigLoader.load(Map.of("MONGODB_DATABASES", name63)).mongo().databases())
        .containsExactly(name63);

    ConfigException e = failure(Map.of("MONGODB_DATABASES", name63 + "d"));
    assertThat(e.problems()).extracting(ConfigProblem::variable).containsExactly("MONGODB_DATABASES");
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "BACKUP_RETENTION_DAYS | 1",
        "BACKUP_RETENTION_DAYS | 3650",
        "BACKUP_SCHEDULE       | */15 1-5 1,15 jan-jun sun",
        "DOCKER_HOST           | unix:///run/user/1000/docker.sock",
        "ELASTICSEARCH_URL     | https://es.example.org:9200/",
        "INFLUXDB_URL          | http://10.0.0.5:8086",
        "INFLUXDB_RPC_ADDRESS  | influxdb:8088",
        "INFLUXDB_RPC_ADDRESS  | 10.0.0.5:1",
        "INFLUXDB_RPC_ADDRESS  | [::1]:65535",
        "MONGODB_URI           | mongodb+srv://cluster0.example.net",
        "MONGODB_DATABASES     | hearth-dev",
        "STACK_NAME            | o",
      })
  void aGoodValueIsAccepted(String variable, String value) throws Exception {
    Settings s = ConfigLoader.load(Map.of(variable, value));

    assertThat(s).isNotNull();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"auto", "' auto '"})
  void mongoDatabasesAutoMeansEveryDatabase(String value) throws Exception {
    Settings.Mongo mongo = ConfigLoader.load(Map.of("MONGODB_DATABASES", value)).mongo();

    assertThat(mongo.autoDatabases()).isTrue();
    assertThat(mongo.databases()).isEmpty();
  }

  @Test
  void rpcAddressIsSplitIntoHostAndPort() throws Exception {
    Settings s = ConfigLoader.load(Map.of("INFLUXDB_RPC_ADDRESS", "[::1]:8088"));

    assertThat(s.influx().rpcAddress()).contains(new Settings.HostPort("[::1]", 8088));
    assertThat(s.influx().rpcAddress().orElseThrow()).hasToString("[::1]:8088");
  }

  static Stream<Variable> fileVariables() {
    return Variables.ALL.stream().filter(Variable::fileAllowed);
  }

  static Stream<Variable> plainVariables() {
    return Variables.ALL.stream().filter(v -> !v.fileAllowed());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fileVariables")
  void nameAndNameFileBothSetIsAnErrorNamingBoth(Variable v) throws Exception {
    Path file = secretFile("from-file-" + SECRET + "\n");
    ConfigException e = failure(Map.of(v.name(), "direct-" + SECRET, v.fileName(), file.toString()));

    assertThat(e.problems()).hasSize(1);
    assertThat(e.problems().get(0).variable()).isEqualTo(v.name());
    assertThat(e.getMessage()).contains(v.name() + " and " + v.fileName() + " are set").doesNotContain(SECRET);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fileVariables")
  void everySecretAndCredentialCanComeFromAFile(Variable v) throws Exception {
    String value = v == Variables.MONGODB_URI ? "mongodb://u:" + SECRET + "@mongo1"
        : v == Variables.NOTIFY_WEBHOOK_URL ? "https://hooks.example/" + SECRET
        : "v-" + SECRET;
    Map<String, String> env = new HashMap<>(Map.of(v.fileName(), secretFile(value + "\n").toString()));
    // The Mongo user and password go together when there is no URI.
    if (v == Variables.MONGODB_ADMIN_USER) {
      env.put("MONGODB_ADMIN_PASSWORD", "p");
    } else if (v == Variables.MONGODB_ADMIN_PASSWORD) {
      env.put("MONGODB_ADMIN_USER", "u");
    }

    Settings s = ConfigLoader.load(env);

    Map<Variable, Optional<?>> read =
        Map.ofEntries(
            Map.entry(Variables.MONGODB_URI, s.mongo().uri()),
            Map.entry(Variables.MONGODB_ADMIN_USER, s.mongo().user()),
            Map.entry(Variables.MONGODB_ADMIN_PASSWORD, s.mongo().password()),
            Map.entry(Variables.ELASTICSEARCH_ADMIN_USER, s.elastic().user()),
            Map.entry(Variables.ELASTICSEARCH_ADMIN_PASSWORD, s.elastic().password()),
            Map.entry(Variables.BACKUP_ENCRYPTION_PASSPHRASE, s.encryptionPassphrase()),
            Map.entry(Variables.BACKUP_ENCRYPTION_IDENTITY, s.offsite().identity()),
            Map.entry(Variables.EXTERNAL_BACKUP_SSH_KEY_PASSPHRASE, s.offsite().keyPassphrase()),
            Map.entry(Variables.NOTIFY_WEBHOOK_URL, s.daemon().webhook()));
    assertThat(read).containsKey(v);
    Object got = read.get(v).orElseThrow();
    assertThat(got instanceof Secret secret ? secret.reveal() : got).isEqualTo(value);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("plainVariables")
  void nameFileForAVariableThatIsNotASecretIsRejected(Variable v) throws Exception {
    ConfigException e = failure(Map.of(v.fileName(), secretFile("x\n").toString()));

    assertThat(e.problems()).hasSize(1);
    assertThat(e.problems().get(0).variable()).isEqualTo(v.fileName());
    assertThat(e.problems().get(0).message()).contains("not a secret").contains("set " + v.name() + " itself");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "'pw\\n'      | pw",
        "'pw\\r\\n'   | pw",
        "'pw'         | pw",
        "'pw\\n\\n'   | 'pw\\n'",
        "' pw \\n'    | ' pw '",
        "'a\\nb\\n'   | 'a\\nb'",
      })
  void aSecretFileLosesExactlyOneTrailingNewline(String content, String expected) throws Exception {
    Path file = secretFile(unescape(content));

    Settings s =
        ConfigLoader.load(Map.of("MONGODB_ADMIN_USER", "admin", "MONGODB_ADMIN_PASSWORD_FILE", file.toString()));

    assertThat(s.mongo().password().orElseThrow().reveal()).isEqualTo(unescape(expected));
  }

  @Test
  void aMissingSecretFileIsAnErrorNamingTheVariableAndThePath() {
    Path missing = tmp.resolve("run/secrets/no-such-secret");

    ConfigException e = failure(Map.of("ELASTICSEARCH_ADMIN_PASSWORD_FILE", missing.toString()));

    assertThat(e.problems()).hasSize(1);
    assertThat(e.problems().get(0).variable()).isEqualTo("ELASTICSEARCH_ADMIN_PASSWORD_FILE");
    assertThat(e.problems().get(0).message()).contains(missing.toString()).contains("cannot read");
  }

  @Test
  void aDirectoryAsSecretFileIsAnError() {
    ConfigException e = failure(Map.of("BACKUP_ENCRYPTION_PASSPHRASE_FILE", tmp.toString()));

    assertThat(e.problems()).extracting(ConfigProblem::variable).containsExactly("BACKUP_ENCRYPTION_PASSPHRASE_FILE");
    assertThat(e.getMessage()).contains(tmp.toString());
  }

  @Test
  void anUnreadableSecretFileIsAnErrorNamingTheVariableAndThePath() throws Exception {
    Path file = secretFile(SECRET + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
    // root reads any file whatever its mode; the missing-file and directory cases cover root.
    assumeFalse(Files.isReadable(file), "running as root: chmod 000 does not stop reading");

    ConfigException e = failure(Map.of("BACKUP_ENCRYPTION_PASSPHRASE_FILE", file.toString()));

    assertThat(e.problems()).extracting(ConfigProblem::variable).containsExactly("BACKUP_ENCRYPTION_PASSPHRASE_FILE");
    assertThat(e.getMessage()).contains(file.toString()).doesNotContain(SECRET);
  }

  @Test
  void anEmptySecretFileIsAnError() throws Exception {
    Path file = secretFile("\n");

    ConfigException e = failure(Map.of("BACKUP_ENCRYPTION_PASSPHRASE_FILE", file.toString()));

    assertThat(e.problems()).extracting(ConfigProblem::variable).containsExactly("BACKUP_ENCRYPTION_PASSPHRASE_FILE");
    assertThat(e.getMessage()).contains(file + " is empty");
  }

  @Test
  void aHugeSecretFileIsRefusedWithoutShowingItsContent() throws Exception {
    Path file = secretFile((SECRET + "\n").repeat(4000));

    ConfigException e = failure(Map.of("ELASTICSEARCH_ADMIN_PASSWORD_FILE", file.toString()));

    assertThat(e.problems()).extracting(ConfigProblem::variable).containsExactly("ELASTICSEARCH_ADMIN_PASSWORD_FILE");
    assertThat(e.getMessage()).contains(file.toString()).contains("larger than").doesNotContain(SECRET);
  }

  @Test
  void mongoUserWithoutPasswordIsAnError() {
    ConfigException e = failure(Map.of("MONGODB_ADMIN_USER", "admin"));

    assertThat(e.problems()).extracting(ConfigProblem::variable).containsExactly("MONGODB_ADMIN_PASSWORD");
    assertThat(e.getMessage()).contains("required when MONGODB_ADMIN_USER is set");
  }

  @Test
  void mongoPasswordWithoutUserIsAnError() {
    ConfigException e = failure(Map.of("MONGODB_ADMIN_PASSWORD", SECRET));

    assertThat(e.problems()).extracting(ConfigProblem::variable).containsExactly("MONGODB_ADMIN_USER");
    assertThat(e.getMessage()).doesNotContain(SECRET);
  }

  @Test
  void mongoUriMakesTheAdminPairOptional() throws Exception {
    Settings s = ConfigLoader.load(Map.of("MONGODB_URI", "mongodb://mongo1", "MONGODB_ADMIN_USER", "admin"));

    assertThat(s.mongo().user()).contains("admin");
  }

  static Stream<Arguments> secretsInBadVariables() throws Exception {
    return Stream.of(
        Arguments.of("MONGODB_URI not mongodb://", Map.of("MONGODB_URI", "postgres://admin:" + SECRET + "@db:5432")),
        Arguments.of("MONGODB_URI that is just the password", Map.of("MONGODB_URI", SECRET)),
        Arguments.of(
            "password given twice",
            Map.of("MONGODB_ADMIN_USER", "admin", "MONGODB_ADMIN_PASSWORD", SECRET,
                "MONGODB_ADMIN_PASSWORD_FILE", "/run/secrets/mongo")),
        Arguments.of(
            "passphrase given twice",
            Map.of("BACKUP_ENCRYPTION_PASSPHRASE", SECRET, "BACKUP_ENCRYPTION_PASSPHRASE_FILE", "/x")),
        Arguments.of(
            "credentials in the Elasticsearch URL",
            Map.of("ELASTICSEARCH_URL", "http://elastic:" + SECRET + "@elasticsearch:9200")),
        // Regression, issue 2: from here on, the value was echoed whole, password included.
        Arguments.of(
            "credentials in an Elasticsearch URL that does not parse",
            Map.of("ELASTICSEARCH_URL", "http://elastic:" + SECRET + "@elastic search:9200")),
        Arguments.of(
            "credentials in an InfluxDB URL of the wrong scheme",
            Map.of("INFLUXDB_URL", "ftp://admin:" + SECRET + "@influxdb:8086")),
        Arguments.of(
            "credentials in a DOCKER_HOST of the wrong scheme",
            Map.of("DOCKER_HOST", "https://admin:" + SECRET + "@docker:2376")),
        Arguments.of(
            "a URL with credentials as INFLUXDB_RPC_ADDRESS",
            Map.of("INFLUXDB_RPC_ADDRESS", "http://admin:" + SECRET + "@influxdb:8088")));
  }

  @Test
  void aMaskedUrlStillShowsWhereItPoints() {
    ConfigException e = failure(Map.of("INFLUXDB_URL", "ftp://admin:" + SECRET + "@influxdb:8086"));

    assertThat(e.getMessage()).contains("'ftp://******@influxdb:8086' is not an http:// or https:// URL");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("secretsInBadVariables")
  void aSecretNeverAppearsInAProblem(String why, Map<String, String> env) {
    ConfigException e = failure(env);

    assertThat(e.problems()).isNotEmpty();
    assertThat(e.getMessage()).doesNotContain(SECRET);
    assertThat(e.problems()).allSatisfy(p -> assertThat(p.toString()).doesNotContain(SECRET));
  }

  @Test
  void aSecretFromAFileNeverAppearsInAProblem() throws Exception {
    Map<String, String> env =
        Map.of(
            "MONGODB_URI_FILE", secretFile("mysql://root:" + SECRET + "@db\n").toString(),
            "ELASTICSEARCH_ADMIN_PASSWORD_FILE", secretFile((SECRET + "\n").repeat(5000)).toString());

    ConfigException e = failure(env);

    assertThat(e.problems())
        .extracting(ConfigProblem::variable)
        .containsExactlyInAnyOrder("MONGODB_URI", "ELASTICSEARCH_ADMIN_PASSWORD_FILE");
    assertThat(e.getMessage()).doesNotContain(SECRET);
  }

  @Test
  void secretToStringNeverShowsTheValue() {
    Secret s = Secret.of(SECRET);

    assertThat(s.toString()).doesNotContain(SECRET).isEqualTo("******");
    assertThat(String.valueOf(Optional.of(s))).doesNotContain(SECRET);
    assertThat(s.reveal()).isEqualTo(SECRET);
    assertThat(s).isEqualTo(Secret.of(SECRET)).isNotEqualTo(Secret.of(SECRET + "x"));
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    Map<String, String> env =
        Map.of(
            "BACKUP_DIR", "relative",
            "BACKUP_RETENTION_DAYS", "abc",
            "BACKUP_SCHEDULE", "0 0 * *",
            "DOCKER_HOST", "docker:2375",
            "MONGODB_DATABASES", "a,a",
            "ELASTICSEARCH_URL", "es:9200",
            "INFLUXDB_RPC_ADDRESS", "influxdb",
            "STACK_NAME_FILE", "/run/secrets/stack",
            "MONGODB_URI", "redis://:" + SECRET + "@cache");

    ConfigException e = failure(env);

    List<String> named =
        List.of(
            "BACKUP_DIR", "BACKUP_RETENTION_DAYS", "BACKUP_SCHEDULE", "DOCKER_HOST", "MONGODB_DATABASES",
            "ELASTICSEARCH_URL", "INFLUXDB_RPC_ADDRESS", "STACK_NAME_FILE", "MONGODB_URI");
    assertThat(e.problems()).extracting(ConfigProblem::variable).containsExactlyInAnyOrderElementsOf(named);
    assertThat(e.getMessage()).startsWith("invalid configuration (9 problems):");
    for (String variable : named) {
      assertThat(e.getMessage()).contains("  - " + variable + ": ");
    }
    assertThat(e.getMessage()).doesNotContain(SECRET);
  }

  private static ConfigException failure(Map<String, String> env) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(env));
    assertThat(e).as("ConfigLoader.load(%s) should fail", env.keySet()).isNotNull();
    return e;
  }

  private Path secretFile(String content) throws Exception {
    Path f = Files.createTempFile(tmp, "secret", "");
    Files.writeString(f, content, StandardCharsets.UTF_8);
    return f;
  }

  private static String unescape(String s) {
    return s.replace("\\r", "\r").replace("\\n", "\n");
  }
}
