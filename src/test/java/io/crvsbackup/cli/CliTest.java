package io.crvsbackup.cli;

import static io.crvsbackup.store.StoreFixture.CLOCK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crvsbackup.store.Label;
import io.crvsbackup.store.LockHolder;
import io.crvsbackup.store.StoreFixture;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The command line end to end on a real BACKUP_DIR: today is 2026-11-26 (02:00 UTC) and 7 days are kept.
 * Every bad input gets its exit code and message, and leaves every file as it was.
 */
class CliTest {
  @TempDir Path tmp;
  private StoreFixture fx;
  private Map<String, String> env;

  /** What one run printed and returned. */
  record Run(int code, String out, String err) {}

  @BeforeEach
  void setUp() throws Exception {
    fx = new StoreFixture(tmp.resolve("backups"));
    env = new HashMap<>(Map.of("BACKUP_DIR", fx.root().toString()));
  }

  /** Two old sets that prune would delete and two recent ones, plus a file prune must never touch. */
  private void populate() throws Exception {
    fx.importedMongo("hearth-dev", "2026-11-10");
    fx.completeSet("2026-11-18", "hearth-dev", "user-mgnt");
    fx.completeSet("2026-11-24", "hearth-dev", "user-mgnt");
    fx.completeSet("2026-11-25", "hearth-dev", "user-mgnt");
    fx.write("mongo/notes.txt", "do not touch");
  }

  private Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Cli.run(new CliContext(env::get, CLOCK, new PrintWriter(out), new PrintWriter(err), false), args);
    return new Run(code, out.toString(), err.toString());
  }

  // ---- commands ----

  @Test
  void noCommandIsUsageError() {
    Run r = run();

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("ERROR missing command").contains("Usage: crvs-backup");
  }

  @Test
  void anUnknownCommandIsNamedWithTheCommandsThatExist() throws Exception {
    populate();
    Map<String, String> before = files();

    Run r = run("frobnicate", "2026-11-10");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("ERROR unknown command 'frobnicate'; the commands are: list, verify, prune, backup, restore, serve, offsite");
    assertThat(files()).isEqualTo(before);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "restore | Missing required parameter: '<when>'",
        "restore funday --yes | there is no set 'funday'; it is not a date, a weekday, latest or the label of a set. Sets that exist",
        "restore 2026-02-30 --yes | '2026-02-30' is not a valid date",
        "restore latest 4 --yes | <replicas> must be 1, 3 or 5",
        "restore monday 3 --yes | 'monday': there is no set taken on a monday. Sets that exist: 2026-11-25",
        "restore latest --yes | holds data only for influxdb, mongo, which this build cannot restore; nothing was touched",
        "restore latest --engines mongo --yes | mongo cannot be restored by this build"
      })
  void restoreRefusesBadInputAndTouchesNothing(String args, String message) throws Exception {
    populate();
    Map<String, String> before = files();

    Run r = run(args.trim().split(" "));

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains(message);
    assertThat(files()).isEqualTo(before);
  }

  @Test
  void versionAndHelpExitZero() {
    Run version = run("--version");
    assertThat(version.code()).isZero();
    assertThat(version.out()).startsWith("crvs-backup ");

    Run help = run("--help");
    assertThat(help.code()).isZero();
    assertThat(help.out()).contains("list").contains("verify").contains("prune").contains("3 another run holds the lock");
  }

  @Test
  void verifyWithoutASetIsUsageError() {
    Run r = run("verify");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("<when>");
  }

  // ---- bad input: nothing is changed ----

  @ParameterizedTest(name = "verify {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "funday      | there is no set 'funday'",
        "2026-02-30  | '2026-02-30' is not a valid date",
        "2026-2-3    | '2026-2-3' is not a valid date",
        "saturday    | there is no set taken on a saturday",
        "Bad!        | is not a date (YYYY-MM-DD), a weekday",
      })
  void verifyOfASetThatDoesNotExistListsTheSets(String when, String expected) throws Exception {
    populate();
    Map<String, String> before = files();

    Run r = run("verify", when);

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .contains(expected)
        .contains("Sets that exist: 2026-11-25 (complete, wednesday), 2026-11-24 (complete, tuesday),"
            + " 2026-11-18 (complete, wednesday), 2026-11-10 (imported, tuesday)");
    assertThat(files()).isEqualTo(before);
  }

  @Test
  void verifyWhenThereAreNoSetsSaysSo() {
    Run r = run("verify", "latest");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("There are no backup sets yet.");
  }

  @ParameterizedTest(name = "{0}={1} {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "BACKUP_RETENTION_DAYS | abc       | list          | BACKUP_RETENTION_DAYS: 'abc' is not a whole number of days",
        "BACKUP_RETENTION_DAYS | abc       | prune         | BACKUP_RETENTION_DAYS: 'abc'",
        "BACKUP_RETENTION_DAYS | 0         | prune         | BACKUP_RETENTION_DAYS: '0'",
        "BACKUP_RETENTION_DAYS | -1        | prune         | BACKUP_RETENTION_DAYS: '-1'",
        "BACKUP_RETENTION_DAYS | 0         | prune --dry-run | BACKUP_RETENTION_DAYS: '0'",
        "BACKUP_SCHEDULE       | 0 0 * *   | prune         | BACKUP_SCHEDULE: ",
        "BACKUP_DIR            | backups   | prune         | BACKUP_DIR: 'backups' is not an absolute path",
        "BACKUP_DIR_FILE       | /x        | prune         | BACKUP_DIR_FILE: is not supported",
        "MONGODB_DATABASES     | a,a       | verify latest | MONGODB_DATABASES: 'a' is listed twice",
      })
  void invalidConfigurationIsUsageErrorNamingTheVariable(String variable, String value, String args, String expected)
      throws Exception {
    populate();
    Map<String, String> before = files();
    env.put(variable, value);

    Run r = run(args.split(" "));

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("ERROR invalid configuration (1 problem):").contains(expected);
    assertThat(files()).isEqualTo(before);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"list", "prune", "verify latest"})
  void nameAndNameFileBothSetIsUsageError(String args) throws Exception {
    populate();
    Map<String, String> before = files();
    Path secret = StoreFixture.write(tmp.resolve("secrets/mongo"), "s3cret-from-file\n".getBytes(StandardCharsets.UTF_8));
    env.put("MONGODB_ADMIN_USER", "admin");
    env.put("MONGODB_ADMIN_PASSWORD", "s3cret-direct");
    env.put("MONGODB_ADMIN_PASSWORD_FILE", secret.toString());

    Run r = run(args.split(" "));

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .contains("both MONGODB_ADMIN_PASSWORD and MONGODB_ADMIN_PASSWORD_FILE are set")
        .doesNotContain("s3cret");
    assertThat(files()).isEqualTo(before);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"list", "prune", "verify latest"})
  void anUnreadableNameFileIsUsageError(String args) throws Exception {
    populate();
    Map<String, String> before = files();
    Path missing = tmp.resolve("run/secrets/elastic-password");
    env.put("ELASTICSEARCH_ADMIN_PASSWORD_FILE", missing.toString());

    Run r = run(args.split(" "));

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("ELASTICSEARCH_ADMIN_PASSWORD_FILE: cannot read " + missing);
    assertThat(files()).isEqualTo(before);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"list", "prune", "prune --dry-run", "verify latest"})
  void aMissingBackupDirIsUsageError(String args) throws Exception {
    populate();
    Map<String, String> before = files();
    Path missing = tmp.resolve("not-mounted");
    env.put("BACKUP_DIR", missing.toString());

    Run r = run(args.split(" "));

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("BACKUP_DIR " + missing + " does not exist");
    assertThat(missing).doesNotExist();
    assertThat(files()).isEqualTo(before);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"prune", "verify latest"})
  void aBackupDirThatCannotBeWrittenIsUsageError(String args) {
    // chmod does not stop root; nobody can create files in /proc/self.
    Path proc = Path.of("/proc/self");
    assumeTrue(Files.isDirectory(proc), "/proc is mounted");
    env.put("BACKUP_DIR", proc.toString());

    Run r = run(args.split(" "));

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("BACKUP_DIR /proc/self is not writable");
  }

  @Test
  void aManifestThatIsNotJsonFailsListAndVerifyNamingIt() throws Exception {
    populate();
    Path manifest = fx.write("manifests/2026-11-24.json", "{\"format\": 1, \"label\": ");
    Map<String, String> before = files();

    Run list = run("list");

    assertThat(list.code()).isEqualTo(1);
    assertThat(list.err()).contains("ERROR 2026-11-24: manifest " + manifest + " is not valid JSON");
    assertThat(list.out()).contains("2026-11-25").contains("2026-11-18");

    Run verify = run("verify", "2026-11-24");

    assertThat(verify.code()).isEqualTo(1);
    assertThat(verify.err()).contains(manifest.toString()).contains("FAILED verification");
    assertThat(files()).containsAllEntriesOf(before);
  }

  @Test
  void aManifestListingAFileOutsideIsRefusedAndNothingOutsideIsRead() throws Exception {
    populate();
    Path manifest = fx.layout().manifest(Label.parse("2026-11-25"));
    Files.writeString(
        manifest, Files.readString(manifest).replace("mongo/hearth-dev-2026-11-25.gz", "../../etc/passwd"));
    Map<String, String> before = files();

    Run r = run("verify", "2026-11-25");

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("'../../etc/passwd', which is outside BACKUP_DIR").contains("FAILED verification");
    assertThat(r.out()).doesNotContain("ok ").doesNotContain("passwd");
    assertThat(files()).containsAllEntriesOf(before);
    assertThat(run("verify", "latest").out()).as("latest skips the untrusted set").contains("Verifying set 2026-11-24");
  }

  // ---- list ----

  @Test
  void listShowsLabelStatusAgeSizeEnginesAndVerification() throws Exception {
    fx.importedMongo("hearth-dev", "2026-11-20");
    fx.failedSet("2026-11-24", "hearth-dev");
    fx.completeSet("2026-11-25", "hearth-dev", "user-mgnt");
    assertThat(run("verify", "2026-11-25").code()).isZero();

    Run r = run("list");

    assertThat(r.code()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0).split("\\s+")).containsExactly("LABEL", "STATUS", "AGE", "SIZE", "ENGINES", "VERIFIED");
    assertThat(lines.get(1))
        .matches(row("2026-11-25", "complete", "25h 59m", bytes("2026-11-25"), "influxdb,mongo", "ok 2026-11-26 02:00"));
    assertThat(lines.get(2))
        .matches(row("2026-11-24", "incomplete", "2d 1h", bytes("2026-11-24"), "influxdb,mongo", "never"));
    assertThat(lines.get(3)).matches(row("2026-11-20", "imported", "6d 2h", bytes("2026-11-20"), "mongo", "never"));
  }

  @Test
  void listShowsAFailedVerification() throws Exception {
    fx.completeSet("2026-11-25", "hearth-dev");
    flipByte(fx.root().resolve("mongo/hearth-dev-2026-11-25.gz"));
    assertThat(run("verify", "2026-11-25").code()).isEqualTo(1);

    assertThat(run("list").out()).contains("FAILED 2026-11-26 02:00");
  }

  @Test
  void listOfAnEmptyDirectorySaysSo() {
    Run r = run("list");

    assertThat(r.code()).isZero();
    assertThat(r.out()).isEqualTo("No backup sets in " + fx.root() + "." + System.lineSeparator());
  }

  @Test
  void listJson() throws Exception {
    fx.importedMongo("hearth-dev", "2026-11-20");
    fx.completeSet("2026-11-25", "hearth-dev", "user-mgnt");
    run("verify", "2026-11-25");

    Run r = run("list", "--json");

    assertThat(r.code()).isZero();
    JsonNode sets = new ObjectMapper().readTree(r.out());
    assertThat(sets.isArray()).isTrue();
    assertThat(sets).hasSize(2);
    JsonNode newest = sets.get(0);
    assertThat(newest.path("label").asText()).isEqualTo("2026-11-25");
    assertThat(newest.path("status").asText()).isEqualTo("complete");
    assertThat(newest.path("created").asText()).isEqualTo("2026-11-25T00:00:05Z");
    assertThat(newest.path("day").asText()).isEqualTo("2026-11-25");
    assertThat(newest.path("ageSeconds").asLong()).isEqualTo(25 * 3600 + 59 * 60 + 55);
    assertThat(newest.path("size").asLong()).isEqualTo(bytes("2026-11-25"));
    assertThat(newest.path("engines")).extracting(JsonNode::asText).containsExactly("influxdb", "mongo");
    assertThat(newest.path("verified").path("ok").asBoolean()).isTrue();
    assertThat(newest.path("verified").path("at").asText()).isEqualTo("2026-11-26T02:00:00Z");
    JsonNode imported = sets.get(1);
    assertThat(imported.path("status").asText()).isEqualTo("imported");
    assertThat(imported.has("verified")).isFalse();
    assertThat(imported.path("engines")).extracting(JsonNode::asText).containsExactly("mongo");
  }

  // ---- verify ----

  @Test
  void verifyOfAGoodSetExitsZero() throws Exception {
    fx.completeSet("2026-11-25", "hearth-dev", "user-mgnt");

    Run r = run("verify", "2026-11-25");

    assertThat(r.code()).isZero();
    assertThat(r.out())
        .contains("Verifying set 2026-11-25 (complete)")
        .contains("ok       mongo/hearth-dev-2026-11-25.gz")
        .contains("Set 2026-11-25 is good: 5 files");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void verifyOfACorruptSetExitsOneNamingTheFiles() throws Exception {
    populate();
    flipByte(fx.root().resolve("mongo/user-mgnt-2026-11-25.gz"));
    Files.delete(fx.root().resolve("mongo/hearth-dev-2026-11-25.gz"));
    Map<String, String> before = files();

    Run r = run("verify", "wednesday");

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err())
        .contains("ERROR 2026-11-25: missing: mongo/hearth-dev-2026-11-25.gz")
        .contains("ERROR 2026-11-25: corrupted: mongo/user-mgnt-2026-11-25.gz has sha256")
        .contains("set 2026-11-25 FAILED verification: 2 problem(s)");
    assertThat(files()).containsAllEntriesOf(before);
  }

  @Test
  void verifyOfAWeekdayWhoseNewestSetFailedWarnsWhichWasSkipped() throws Exception {
    fx.completeSet("2026-11-18", "hearth-dev");
    fx.failedSet("2026-11-25", "hearth-dev");

    Run r = run("verify", "wednesday");

    assertThat(r.code()).isZero();
    assertThat(r.err()).contains("WARN  skipped newer sets that cannot be restored: 2026-11-25 incomplete");
    assertThat(r.out()).contains("Set 2026-11-18 is good");
  }

  @Test
  void verifyOfATruncatedImportedArchiveExitsOne() throws Exception {
    Path gz = fx.importedMongo("hearth-dev", "2026-11-20");
    byte[] whole = Files.readAllBytes(gz);
    Files.write(gz, Arrays.copyOf(whole, whole.length / 2));

    Run r = run("verify", "2026-11-20");

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("corrupted: mongo/hearth-dev-2026-11-20.gz is not a whole gzip file");
  }

  // ---- prune ----

  private static final List<String> PRUNED =
      List.of(
          "mongo/hearth-dev-2026-11-10.gz",
          "mongo/hearth-dev-2026-11-18.gz",
          "mongo/user-mgnt-2026-11-18.gz",
          "influxdb/2026-11-18/20261118T000005Z.meta",
          "influxdb/2026-11-18/20261118T000005Z.s1.tar.gz",
          "influxdb/2026-11-18/20261118T000005Z.manifest",
          "manifests/2026-11-18.json");

  @Test
  void pruneDryRunShowsWhatWouldGoAndDeletesNothing() throws Exception {
    populate();
    Map<String, String> before = files();

    Run r = run("prune", "--dry-run");

    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("Dry run: retention keeps 2 set(s) and would delete 2.");
    assertThat(r.out()).containsPattern("WOULD DELETE 2026-11-10 +imported +older than 7 days");
    assertThat(r.out()).containsPattern("WOULD DELETE 2026-11-18 +complete +older than 7 days");
    assertThat(r.out()).containsPattern("keep +2026-11-25 +complete +newest complete set");
    for (String f : PRUNED) {
      assertThat(r.out()).contains("           " + f);
    }
    assertThat(r.out()).doesNotContain("notes.txt");
    assertThat(files()).isEqualTo(before);
  }

  @Test
  void pruneDeletesTheOldSetsAndNothingElse() throws Exception {
    populate();
    Map<String, String> before = files();

    Run r = run("prune");

    assertThat(r.code()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out()).contains("retention keeps 2 set(s) and deletes 2.").containsPattern("delete +2026-11-18");
    Map<String, String> expected = new TreeMap<>(before);
    PRUNED.forEach(expected::remove);
    assertThat(files()).isEqualTo(expected);
    assertThat(run("list").out()).doesNotContain("2026-11-18").doesNotContain("2026-11-10").contains("2026-11-24");
  }

  @Test
  void pruneWithAShorterRetentionKeepsTheNewestCompleteSet() throws Exception {
    populate();
    env.put("BACKUP_RETENTION_DAYS", "1");

    assertThat(run("prune").code()).isZero();

    assertThat(fx.root().resolve("manifests/2026-11-25.json")).exists();
    assertThat(fx.root().resolve("mongo/hearth-dev-2026-11-25.gz")).exists();
    assertThat(fx.root().resolve("manifests/2026-11-24.json")).doesNotExist();
    assertThat(fx.root().resolve("mongo/notes.txt")).exists();
  }

  @Test
  void pruneDeletesNothingWhenTheNewestRunFailed() throws Exception {
    populate();
    fx.failedSet("2026-11-26", "hearth-dev");
    Map<String, String> before = files();

    Run r = run("prune");

    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("retention keeps 5 set(s) and deletes 0.").contains("did not complete");
    assertThat(files()).isEqualTo(before);
  }

  @Test
  void pruneWhileAnotherProcessHoldsTheLockExitsThreeAndDeletesNothing() throws Exception {
    populate();
    Map<String, String> before = files();
    Run r;
    long holderPid;
    try (LockHolder holder = LockHolder.start(fx.layout().lockFile())) {
      holderPid = holder.pid();
      r = run("prune");
    }

    assertThat(r.code()).isEqualTo(3);
    assertThat(r.err()).contains("another crvs-backup run holds").contains("pid " + holderPid + " on ");
    assertThat(files()).isEqualTo(before);
  }

  @Test
  void pruneTakesOverTheLockOfAKilledRunWithAWarning() throws Exception {
    populate();
    long deadPid;
    try (LockHolder holder = LockHolder.start(fx.layout().lockFile())) {
      deadPid = holder.pid();
      holder.kill();
    }

    Run r = run("prune");

    assertThat(r.code()).isZero();
    assertThat(r.err()).contains("WARN  taking over the lock").contains("pid " + deadPid + " on ");
    assertThat(fx.root().resolve("manifests/2026-11-18.json")).doesNotExist();
  }

  // ---- helpers ----

  /** Every file under BACKUP_DIR with its sha256, but the lock file, which any locking command creates. */
  private Map<String, String> files() throws Exception {
    Map<String, String> files = fx.tree();
    files.remove(".lock");
    return files;
  }

  /** The total size of a set's files as on disk: every file whose name holds the label. */
  private long bytes(String label) throws Exception {
    long total = 0;
    for (String dir : List.of("mongo", "influxdb/" + label)) {
      Path d = fx.root().resolve(dir);
      if (Files.isDirectory(d)) {
        try (var s = Files.list(d)) {
          for (Path p : s.toList()) {
            if (dir.startsWith("influxdb") || p.getFileName().toString().endsWith("-" + label + ".gz")) {
              total += Files.size(p);
            }
          }
        }
      }
    }
    return total;
  }

  private static String row(String label, String status, String age, long bytes, String engines, String verified) {
    assertThat(bytes).as("sizes below 1 KiB print in bytes").isBetween(1L, 1023L);
    return Pattern.quote(label) + " +" + Pattern.quote(status) + " +" + Pattern.quote(age) + " +"
        + Pattern.quote(bytes + " B") + " +" + Pattern.quote(engines) + " +" + Pattern.quote(verified);
  }

  private static void flipByte(Path file) throws Exception {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(12);
      int b = f.read();
      f.seek(12);
      f.write(b ^ 0xff);
    }
  }
}
