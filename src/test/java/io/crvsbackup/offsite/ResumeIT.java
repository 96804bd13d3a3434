package io.crvsbackup.offsite;

import static org.assertj.core.api.Assertions.assertThat;

import io.crvsbackup.store.BackupStore;
import io.crvsbackup.store.Label;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Resume after a kill: a push runs in its own JVM, which is killed with SIGKILL in the middle of an
 * upload. No file under its final name is half-copied; the next push sends only what is missing (without
 * encryption, the big archive that had finished is not sent again; with it, the bundle is sent again whole);
 * the copy then pulls back byte for byte.
 */
class ResumeIT {
  private static final Label DAY = new Label("2026-11-25");
  private static final int BIG = 150_000_000;
  @TempDir Path tmp;
  private OffsiteFixture fx;
  private Path here;
  private BackupStore store;

  @BeforeEach
  void setUp() throws Exception {
    fx = new OffsiteFixture(tmp);
    here = tmp.resolve("here");
    store = OffsiteFixture.store(here);
    Map<String, Integer> dbs = new LinkedHashMap<>();
    dbs.put("application-config", 3_000);
    dbs.put("hearth-dev", BIG);
    dbs.put("user-mgnt", BIG);
    OffsiteFixture.writeSet(store, DAY, Instant.parse("2026-11-25T00:00:05Z"), dbs);
  }

  @AfterEach
  void tearDown() throws Exception {
    OffsiteFixture.deleteTree(tmp.resolve("server"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"none", "passphrase"})
  void aPushKilledMidUploadResumesAndTheCopyIsWhole(String mode) throws Exception {
    Map<String, String> before = OffsiteFixture.tree(here);
    Path watched = mode.equals("none")
        ? fx.remoteDir.resolve(DAY + "/mongo/user-mgnt-" + DAY + ".gz" + RemoteLayout.PARTIAL)
        : fx.remoteDir.resolve(DAY + "/" + DAY + ".tar.gz.enc" + RemoteLayout.PARTIAL);
    Process child = new ProcessBuilder(
        ProcessHandle.current().info().command().orElse("java"), "-cp", System.getProperty("java.class.path"),
        PushMain.class.getName(), here.toString(), tmp.toString(), mode, DAY.value())
        .redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile()).start();
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (size(watched) < 20_000_000 && child.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(child.isAlive()).as("the push was still running when killed; log: %s",
        Files.readString(tmp.resolve("child.log"))).isTrue();
    child.destroyForcibly().waitFor();

    // Killed mid-upload: the file in flight has only its partial name; every final name holds a whole file.
    assertThat(size(watched)).isBetween(20_000_000L, (long) BIG);
    assertThat(fx.remoteDir.resolve(DAY + "/" + RemoteLayout.SET_MANIFEST)).doesNotExist();
    for (Path p : finalFiles(fx.remoteDir.resolve(DAY.value()))) {
      String rel = fx.remoteDir.resolve(DAY.value()).relativize(p).toString();
      if (!rel.equals(RemoteLayout.PUSHING)) {
        assertThat(EsMirror.sha256(p)).as(rel).isEqualTo(before.get(rel));
      }
    }

    Map<String, String> env = fx.env(here);
    if (mode.equals("passphrase")) {
      env.put("BACKUP_ENCRYPTION_PASSPHRASE", OffsiteFixture.PASSPHRASE);
    }
    PushReport.Pushed again = OffsiteFixture.offsite(OffsiteFixture.settings(env), store, OffsiteListener.NONE,
        Retry.none()).push(DAY.value());

    long total = before.keySet().stream().filter(k -> !k.startsWith("elasticsearch"))
        .mapToLong(k -> here.resolve(k).toFile().length()).sum();
    long es = before.keySet().stream().filter(k -> k.startsWith("elasticsearch") && !k.endsWith("index.latest"))
        .mapToLong(k -> here.resolve(k).toFile().length()).sum();
    if (mode.equals("none")) {
      // Files go biggest first: hearth-dev had been sent (perhaps not yet checked and renamed: then its whole
      // partial file is checked and renamed now); user-mgnt, the small files and the Elasticsearch files travel.
      long hearth = here.resolve("mongo/hearth-dev-" + DAY + ".gz").toFile().length();
      assertThat(again.bytesSent()).isEqualTo(total - hearth + es);
      assertThat(again.filesKept()).isEqualTo(1);
    } else {
      // the bundle goes again, whole; the Elasticsearch files had not started
      assertThat(again.filesSent()).isEqualTo(1 + 4);
      assertThat(again.filesKept()).isZero();
      assertThat(again.bytesSent()).isEqualTo(total + es);
    }
    assertThat(size(watched)).isEqualTo(-1);
    Path there = tmp.resolve("there");
    Map<String, String> thereEnv = fx.env(there);
    thereEnv.putAll(env.entrySet().stream().filter(e -> e.getKey().startsWith("BACKUP_ENCRYPTION"))
        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    OffsiteFixture.offsite(OffsiteFixture.settings(thereEnv), OffsiteFixture.store(there), OffsiteListener.NONE,
        Retry.none()).pull(DAY.value());
    OffsiteFixture.assertSameFiles(here, there);
    assertThat(OffsiteFixture.tree(here)).isEqualTo(before);
  }

  private static long size(Path p) {
    File f = p.toFile();
    return f.exists() ? f.length() : -1;
  }

  private static List<Path> finalFiles(Path dir) throws Exception {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).filter(p -> !p.toString().endsWith(RemoteLayout.PARTIAL)).toList();
    }
  }
}
