package io.crvsbackup.offsite;

import static org.assertj.core.api.Assertions.assertThat;

import io.crvsbackup.store.BackupStore;
import io.crvsbackup.store.Label;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Remote retention on the real sshd keeps exactly EXTERNAL_BACKUP_RETENTION sets of ours, and deletes nothing
 * it did not write: OpenCRVS bundles, other files and folders, and pushes under way stay.
 */
class RemoteRetentionIT {
  @TempDir Path tmp;
  private OffsiteFixture fx;
  private Path here;
  private BackupStore store;

  @BeforeEach
  void setUp() throws Exception {
    fx = new OffsiteFixture(tmp);
    here = tmp.resolve("here");
    store = OffsiteFixture.store(here);
  }

  @AfterEach
  void tearDown() throws Exception {
    OffsiteFixture.deleteTree(tmp.resolve("server"));
  }

  private static Label day(int d) {
    return new Label("2026-11-" + d);
  }

  private PushReport push(int keep, Label written) throws Exception {
    Map<String, String> env = fx.env(here);
    env.put("EXTERNAL_BACKUP_RETENTION", Integer.toString(keep));
    env.put("BACKUP_ENCRYPTION_PASSPHRASE", OffsiteFixture.PASSPHRASE);
    return OffsiteFixture.offsite(OffsiteFixture.settings(env), store, OffsiteListener.NONE, Retry.none())
        .pushAfterBackup(written);
  }

  @Test
  void keepsExactlyNSetsAndNothingElseIsTouched() throws Exception {
    for (int d = 20; d <= 24; d++) {
      OffsiteFixture.writeSet(store, day(d), Instant.parse("2026-11-" + d + "T00:00:05Z"), 100_000);
    }
    assertThat(push(5, day(24)).pushed()).hasSize(5);
    // things that are not ours, or not finished
    Path opencrvs = Files.createDirectories(fx.remoteDir.resolve("2026-11-01"));
    Files.write(opencrvs.resolve("2026-11-01.tar.gz.enc"), new byte[] {1, 2, 3});
    Path foreign = Files.createDirectories(fx.remoteDir.resolve("2026-11-02"));
    Files.write(foreign.resolve("something.bin"), new byte[] {4});
    Files.writeString(fx.remoteDir.resolve("notes.txt"), "the operator's notes\n");
    Path underWay = Files.createDirectories(fx.remoteDir.resolve("2026-11-03"));
    Files.writeString(underWay.resolve(RemoteLayout.PUSHING), "pushing\n");

    PushReport report = push(3, day(24));

    assertThat(report.deletedRemotely()).containsExactly(day(20), day(21));
    assertThat(remoteSets(RemoteSet.Kind.COMPLETE)).containsExactly(day(22), day(23), day(24));
    assertThat(Files.readAllBytes(opencrvs.resolve("2026-11-01.tar.gz.enc"))).containsExactly(1, 2, 3);
    assertThat(foreign.resolve("something.bin")).exists();
    assertThat(fx.remoteDir.resolve("notes.txt")).exists();
    assertThat(underWay.resolve(RemoteLayout.PUSHING)).exists();
    assertThat(fx.remoteDir.resolve("2026-11-20")).doesNotExist();
    assertThat(fx.remoteDir.resolve("2026-11-21")).doesNotExist();
    // the local sets are all still there
    assertThat(store.sets()).hasSize(5);
  }

  @Test
  void theMirrorLosesOnlyFilesThatNoRemainingSetLists() throws Exception {
    OffsiteFixture.writeSet(store, day(20), Instant.parse("2026-11-20T00:00:05Z"), 50_000);
    OffsiteFixture.writeSet(store, day(21), Instant.parse("2026-11-21T00:00:05Z"), 50_000);
    push(5, day(21));
    Set<String> before = mirror();
    // Elasticsearch forgets snapshot 20 (local prune), then day 22 is taken
    try (Stream<Path> s = Files.list(here.resolve("elasticsearch"))) {
      for (Path p : s.toList()) {
        if (Files.isRegularFile(p) && p.getFileName().toString().matches("(snap|meta)-.*")) {
          Files.delete(p);
          break;
        }
      }
    }
    OffsiteFixture.writeSet(store, day(22), Instant.parse("2026-11-22T00:00:05Z"), 50_000);

    PushReport keepTwo = push(2, day(22));
    Set<String> afterTwo = mirror();
    PushReport keepOne = push(1, day(22));
    Set<String> afterOne = mirror();

    assertThat(keepTwo.deletedRemotely()).containsExactly(day(20));
    // set 21 still lists every file it was pushed with, so nothing left the mirror
    assertThat(afterTwo).containsAll(before);
    assertThat(keepOne.deletedRemotely()).containsExactly(day(21));
    RemoteManifest last = RemoteManifest.decode(Files.readAllBytes(
        fx.remoteDir.resolve(day(22) + "/" + RemoteLayout.SET_MANIFEST)), day(22));
    Set<String> listed = new TreeSet<>();
    last.elasticsearch().forEach(e -> listed.add(e.storedPath()));
    listed.add(RemoteLayout.ES_INDEX);
    assertThat(afterOne).isEqualTo(listed);
    assertThat(afterTwo.size()).isGreaterThan(afterOne.size());
  }

  private List<Label> remoteSets(RemoteSet.Kind kind) throws Exception {
    Map<String, String> env = fx.env(here);
    List<Label> out = new ArrayList<>();
    for (RemoteSet s : OffsiteFixture.offsite(OffsiteFixture.settings(env), store, OffsiteListener.NONE,
        Retry.none()).list()) {
      if (s.kind() == kind) {
        out.add(s.label());
      }
    }
    return out;
  }

  private Set<String> mirror() throws Exception {
    Path es = fx.remoteDir.resolve(RemoteLayout.ES_DIR);
    try (Stream<Path> s = Files.walk(es)) {
      Set<String> out = new TreeSet<>();
      s.filter(Files::isRegularFile).forEach(p -> out.add(es.relativize(p).toString()));
      return out;
    }
  }
}
