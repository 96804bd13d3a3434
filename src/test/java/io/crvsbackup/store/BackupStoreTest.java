package io.crvsbackup.store;

import static io.crvsbackup.store.StoreFixture.CLOCK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupStoreTest {
  @TempDir Path tmp;
  private StoreFixture fx;
  private BackupStore store;

  @BeforeEach
  void setUp() throws Exception {
    fx = new StoreFixture(tmp.resolve("backups"));
    store = fx.store();
  }

  @Nested
  class Open {
    @Test
    void aMissingDirectoryIsBadInput() {
      Path missing = tmp.resolve("nowhere");

      assertThatThrownBy(() -> BackupStore.open(missing, CLOCK, false))
          .isInstanceOf(BadInputException.class)
          .hasMessageContaining("BACKUP_DIR " + missing + " does not exist");
      assertThat(missing).doesNotExist();
    }

    @Test
    void aFileIsBadInput() throws Exception {
      Path file = Files.writeString(tmp.resolve("backups.txt"), "not a dir");

      assertThatThrownBy(() -> BackupStore.open(file, CLOCK, true))
          .isInstanceOf(BadInputException.class)
          .hasMessageContaining("BACKUP_DIR " + file + " is not a directory");
    }

    @Test
    void aDirectoryOnAReadOnlyFilesystemIsBadInputWhenWriting() throws Exception {
      // chmod does not stop root; /proc/self is a directory nobody can create files in.
      Path proc = Path.of("/proc/self");
      assumeTrue(Files.isDirectory(proc), "/proc is mounted");

      assertThatThrownBy(() -> BackupStore.open(proc, CLOCK, true))
          .isInstanceOf(BadInputException.class)
          .hasMessageContaining("BACKUP_DIR " + proc + " is not writable")
          .hasMessageContaining("check the mount and its permissions");
    }

    @Test
    void aDirectoryWithoutWritePermissionIsBadInputWhenWriting() throws Exception {
      Path dir = Files.createDirectory(tmp.resolve("ro"));
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
      try {
        assumeFalse(Files.isWritable(dir), "running as root: chmod does not stop writes; /proc/self covers this case");

        assertThatThrownBy(() -> BackupStore.open(dir, CLOCK, true))
            .isInstanceOf(BadInputException.class)
            .hasMessageContaining("is not writable");
        assertThat(BackupStore.open(dir, CLOCK, false).sets()).isEmpty();
      } finally {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
      }
    }

    @Test
    void openingForWritingLeavesNoProbeBehind() throws Exception {
      BackupStore.open(fx.root(), CLOCK, true);

      assertThat(fx.tree()).isEmpty();
      try (var s = Files.list(fx.root())) {
        assertThat(s.toList()).isEmpty();
      }
    }
  }

  @Nested
  class Catalog {
    @Test
    void anEmptyDirectoryHasNoSets() throws Exception {
      assertThat(store.sets()).isEmpty();
    }

    @Test
    void aCompleteSetIsListedFromItsManifest() throws Exception {
      Manifest m = fx.completeSet("2026-11-25", "hearth-dev", "user-mgnt");

      BackupSet s = single(store.sets());

      assertThat(s.label().value()).isEqualTo("2026-11-25");
      assertThat(s.status()).isEqualTo(SetStatus.COMPLETE);
      assertThat(s.restorable()).isTrue();
      assertThat(s.created()).isEqualTo(Instant.parse("2026-11-25T00:00:05Z"));
      assertThat(s.day()).isEqualTo(LocalDate.parse("2026-11-25"));
      assertThat(s.manifest()).contains(m);
      assertThat(s.engines()).containsExactly("influxdb", "mongo");
      assertThat(s.files())
          .containsExactlyElementsOf(m.artifacts().stream().map(a -> fx.root().resolve(a.path())).toList())
          .contains(fx.root().resolve("mongo/hearth-dev-2026-11-25.gz"));
      assertThat(s.problem()).isEmpty();
      assertThat(s.lastVerify()).isEmpty();
      assertThat(fx.layout().startedMarker(s.label())).as("finishRun clears the start marker").doesNotExist();
    }

    @Test
    void aFailedSetIsIncompleteAndNotRestorable() throws Exception {
      fx.failedSet("2026-11-25", "hearth-dev");

      BackupSet s = single(store.sets());

      assertThat(s.status()).isEqualTo(SetStatus.INCOMPLETE);
      assertThat(s.restorable()).isFalse();
      assertThat(s.manifest().orElseThrow().failures()).extracting(Manifest.Failure::engine).containsExactly("elasticsearch");
    }

    @Test
    void anInterruptedRunIsIncompleteAndNotMistakenForAnImportedSet() throws Exception {
      fx.interruptedRun("2026-11-25", "hearth-dev", "user-mgnt");

      List<BackupSet> sets = store.sets();

      BackupSet s = single(sets);
      assertThat(s.label().value()).isEqualTo("2026-11-25");
      assertThat(s.status()).isEqualTo(SetStatus.INCOMPLETE);
      assertThat(s.restorable()).isFalse();
      assertThat(s.created()).isEqualTo(Instant.parse("2026-11-25T00:00:05Z"));
      assertThat(s.engines()).isEmpty();
      assertThat(s.problem()).hasValueSatisfying(p -> assertThat(p).contains("never finished"));
      assertThat(fx.root().resolve("mongo/hearth-dev-2026-11-25.gz")).exists();
    }

    @Test
    void anInterruptedRunWithALabelIsListed() throws Exception {
      fx.interruptedRun("pre-upgrade", "hearth-dev");

      BackupSet s = single(store.sets());

      assertThat(s.label().value()).isEqualTo("pre-upgrade");
      assertThat(s.status()).isEqualTo(SetStatus.INCOMPLETE);
      assertThat(s.day()).isEqualTo(LocalDate.parse("2026-11-26"));
    }

    @Test
    void aRunCannotBeginTwiceWithOneLabel() throws Exception {
      fx.completeSet("2026-11-25", "hearth-dev");
      fx.interruptedRun("2026-11-26");

      for (String label : List.of("2026-11-25", "2026-11-26")) {
        assertThatThrownBy(() -> store.beginRun(Label.parse(label)))
            .isInstanceOf(BadInputException.class)
            .hasMessageContaining("a set labelled " + label + " exists already");
      }
    }

    @Test
    void importedSetsAreFoundFromDatedFileNames() throws Exception {
      fx.importedMongo("hearth-dev", "2026-11-20");
      fx.importedMongo("openhim-dev", "2026-11-20");
      fx.importedMongo("application-config", "2026-11-20");
      fx.importedInflux("2026-11-20");
      fx.importedMongo("user-mgnt", "2026-11-21");
      fx.elasticRepository("snapshot_2026-11-20", "snapshot_2026-11-22", "nightly-elastic");

      List<BackupSet> sets = store.sets();

      assertThat(sets).extracting(s -> s.label().value()).containsExactly("2026-11-20", "2026-11-21", "2026-11-22");
      assertThat(sets).allSatisfy(s -> {
        assertThat(s.status()).isEqualTo(SetStatus.IMPORTED);
        assertThat(s.restorable()).isTrue();
        assertThat(s.manifest()).isEmpty();
        assertThat(s.created()).isEqualTo(s.day().atStartOfDay(CLOCK.getZone()).toInstant());
      });
      BackupSet first = sets.get(0);
      assertThat(first.engines()).containsExactly("elasticsearch", "influxdb", "mongo");
      assertThat(first.snapshot()).contains("snapshot_2026-11-20");
      assertThat(relative(first.files()))
          .containsExactlyInAnyOrder(
              "mongo/hearth-dev-2026-11-20.gz",
              "mongo/openhim-dev-2026-11-20.gz",
              "mongo/application-config-2026-11-20.gz",
              "influxdb/2026-11-20/20261120T000000Z.meta",
              "influxdb/2026-11-20/20261120T000000Z.s1.tar.gz",
              "influxdb/2026-11-20/20261120T000000Z.manifest");
      assertThat(sets.get(1).engines()).containsExactly("mongo");
      assertThat(sets.get(1).snapshot()).isEmpty();
      assertThat(sets.get(2).engines()).containsExactly("elasticsearch");
      assertThat(sets.get(2).files()).isEmpty();
    }

    @Test
    void theRepositoryIndexIsTheHighestWhenIndexLatestIsMissing() throws Exception {
      fx.write("elasticsearch/index-4", "{\"snapshots\":[{\"name\":\"snapshot_2026-11-19\",\"uuid\":\"x\"}]}");
      fx.write("elasticsearch/index-10", "{\"snapshots\":[{\"name\":\"snapshot_2026-11-20\",\"uuid\":\"y\"}]}");

      assertThat(store.sets()).extracting(s -> s.label().value()).containsExactly("2026-11-20");
    }

    @Test
    void indexLatestIsFollowedEvenWhenAHigherIndexExists() throws Exception {
      fx.elasticRepository("snapshot_2026-11-20");
      fx.write("elasticsearch/index-4", "{\"snapshots\":[{\"name\":\"snapshot_2026-11-19\",\"uuid\":\"x\"}]}");

      assertThat(store.sets()).extracting(s -> s.label().value()).containsExactly("2026-11-20");
    }

    @Test
    void anUnreadableRepositoryDoesNotHideTheOtherSets() throws Exception {
      fx.importedMongo("hearth-dev", "2026-11-20");
      fx.write("elasticsearch/index-3", "not json");

      assertThat(store.sets()).extracting(s -> s.label().value()).containsExactly("2026-11-20");
    }

    @Test
    void filesOutsideTheLayoutNamesAreNotSets() throws Exception {
      fx.write("mongo/notes.txt", "remember to rotate");
      fx.write("mongo/hearth-dev-final.gz", "x");
      fx.write("mongo/hearth-dev-2026-02-30.gz", "x");
      fx.write("mongo/hearth-dev-2026-11-20.gz.partial", "x");
      fx.write("mongo/hearth-dev-2026-11-20.tar", "x");
      fx.write("influxdb/notes/20261120T000000Z.meta", "x");
      fx.write("influxdb/2026-11-21/readme.txt", "x");
      fx.write("manifests/readme.md", "x");
      fx.write("manifests/Upper.json", "{}");
      fx.write("2026-11-22.gz", "x");
      Files.createDirectories(fx.root().resolve("mongo/user-mgnt-2026-11-23.gz"));

      assertThat(store.sets()).isEmpty();
    }

    @Test
    void datedFilesOfASetOfOursAreNotAlsoAnImportedSet() throws Exception {
      fx.completeSet("2026-11-25", "hearth-dev");
      Path stray = fx.importedMongo("metrics", "2026-11-25");

      BackupSet s = single(store.sets());

      assertThat(s.status()).isEqualTo(SetStatus.COMPLETE);
      assertThat(s.files()).doesNotContain(stray);
    }

    @Test
    void aManifestThatIsNotJsonMakesTheSetUntrusted() throws Exception {
      fx.importedMongo("hearth-dev", "2026-11-25");
      Path manifest = fx.write("manifests/2026-11-25.json", "{ not json");

      BackupSet s = single(store.sets());

      assertThat(s.status()).isEqualTo(SetStatus.INCOMPLETE);
      assertThat(s.restorable()).isFalse();
      assertThat(s.files()).isEmpty();
      assertThat(s.problem()).hasValueSatisfying(p -> assertThat(p).contains(manifest.toString()).contains("not valid JSON"));
    }

    @Test
    void aManifestListingAFileOutsideIsUntrusted() throws Exception {
      fx.completeSet("2026-11-25", "hearth-dev");
      Path manifest = fx.layout().manifest(Label.parse("2026-11-25"));
      Files.writeString(manifest, Files.readString(manifest).replace("mongo/hearth-dev-2026-11-25.gz", "../../etc/passwd"));

      BackupSet s = single(store.sets());

      assertThat(s.restorable()).isFalse();
      assertThat(s.files()).isEmpty();
      assertThat(s.problem()).hasValueSatisfying(p -> assertThat(p).contains("'../../etc/passwd'").contains("outside BACKUP_DIR"));
    }

    @Test
    void setsAreOldestFirstAndResolveThroughTheStore() throws Exception {
      fx.completeSet("2026-11-23", "hearth-dev");
      fx.importedMongo("hearth-dev", "2026-11-16");
      fx.failedSet("2026-11-25", "hearth-dev");
      fx.ourSet("pre-upgrade", Instant.parse("2026-11-24T15:00:00Z"), SetStatus.COMPLETE, "hearth-dev");

      assertThat(store.sets()).extracting(s -> s.label().value())
          .containsExactly("2026-11-16", "2026-11-23", "pre-upgrade", "2026-11-25");
      assertThat(store.resolve("latest").set().label().value()).isEqualTo("pre-upgrade");
      assertThat(store.resolve("monday").set().label().value()).isEqualTo("2026-11-23");
      assertThat(store.resolve("2026-11-16").set().status()).isEqualTo(SetStatus.IMPORTED);
      assertThatThrownBy(() -> store.resolve("funday"))
          .isInstanceOf(BadInputException.class)
          .hasMessageContaining("2026-11-25 (incomplete, wednesday)");
    }
  }

  @Nested
  class Verify {
    @Test
    void aGoodSetIsOk() throws Exception {
      Manifest m = fx.completeSet("2026-11-25", "hearth-dev", "user-mgnt");
      List<String> progress = new ArrayList<>();

      VerifyReport r = store.verify(single(store.sets()), progress::add);

      assertThat(r.ok()).isTrue();
      assertThat(r.problems()).isEmpty();
      assertThat(r.checked()).containsExactlyElementsOf(m.artifacts().stream().map(Artifact::path).toList());
      assertThat(r.bytes()).isEqualTo(m.totalSize()).isPositive();
      assertThat(progress).hasSize(m.artifacts().size()).allSatisfy(l -> assertThat(l).startsWith("ok "));
    }

    @Test
    void aFlippedByteAndAMissingFileAreEachReportedByName() throws Exception {
      fx.completeSet("2026-11-25", "hearth-dev", "user-mgnt");
      flipByte(fx.root().resolve("mongo/hearth-dev-2026-11-25.gz"), 20);
      Files.delete(fx.root().resolve("influxdb/2026-11-25/20261125T000005Z.meta"));

      VerifyReport r = store.verify(single(store.sets()), line -> {});

      assertThat(r.ok()).isFalse();
      assertThat(r.problems()).hasSize(2);
      assertThat(r.problems().get(0)).startsWith("corrupted: mongo/hearth-dev-2026-11-25.gz has sha256 ");
      assertThat(r.problems().get(1)).isEqualTo("missing: influxdb/2026-11-25/20261125T000005Z.meta");
    }

    @Test
    void aFileOfTheWrongSizeIsReported() throws Exception {
      fx.completeSet("2026-11-25", "hearth-dev");
      Path f = fx.root().resolve("mongo/hearth-dev-2026-11-25.gz");
      long size = Files.size(f);
      Files.write(f, new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);

      VerifyReport r = store.verify(single(store.sets()), line -> {});

      assertThat(r.problems())
          .containsExactly("corrupted: mongo/hearth-dev-2026-11-25.gz has " + (size + 3) + " bytes, the manifest says " + size);
    }

    @Test
    void aFailedSetIsReportedAsIncomplete() throws Exception {
      fx.failedSet("2026-11-25", "hearth-dev");

      VerifyReport r = store.verify(single(store.sets()), line -> {});

      assertThat(r.problems()).containsExactly("the set is incomplete: elasticsearch: snapshot failed: no repository");
    }

    @Test
    void anUntrustedManifestIsReportedAndNothingOutsideIsRead() throws Exception {
      byte[] outside = "root:x:0:0".getBytes(StandardCharsets.UTF_8);
      StoreFixture.write(tmp.resolve("outside.txt"), outside);
      fx.completeSet("2026-11-25", "hearth-dev");
      Path manifest = fx.layout().manifest(Label.parse("2026-11-25"));
      // the listed file outside has the right size and sha256: only refusing to read it makes verify fail
      String edited =
          Files.readString(manifest)
              .replace("mongo/hearth-dev-2026-11-25.gz", "../outside.txt")
              .replaceFirst("\"size\" : \\d+", "\"size\" : " + outside.length)
              .replaceFirst("\"sha256\" : \"[0-9a-f]{64}\"", "\"sha256\" : \"" + StoreFixture.sha256(outside) + "\"");
      Files.writeString(manifest, edited);
      List<String> progress = new ArrayList<>();

      VerifyReport r = store.verify(single(store.sets()), progress::add);

      assertThat(r.ok()).isFalse();
      assertThat(r.problems()).singleElement().asString().contains("'../outside.txt'").contains("outside BACKUP_DIR");
      assertThat(r.checked()).isEmpty();
      assertThat(progress).isEmpty();
    }

    @Test
    void aGoodImportedSetPassesItsFormatChecks() throws Exception {
      fx.importedMongo("hearth-dev", "2026-11-20");
      fx.importedInflux("2026-11-20");

      VerifyReport r = store.verify(single(store.sets()), line -> {});

      assertThat(r.problems()).isEmpty();
      assertThat(r.checked()).hasSize(4).contains("mongo/hearth-dev-2026-11-20.gz");
    }

    @Test
    void aTruncatedImportedArchiveIsReported() throws Exception {
      Path gz = fx.importedMongo("hearth-dev-2", "2026-11-20");
      fx.importedMongo("user-mgnt", "2026-11-20");
      byte[] whole = Files.readAllBytes(gz);
      Files.write(gz, Arrays.copyOf(whole, whole.length - 10));

      VerifyReport r = store.verify(single(store.sets()), line -> {});

      assertThat(r.problems())
          .singleElement()
          .asString()
          .startsWith("corrupted: mongo/hearth-dev-2-2026-11-20.gz is not a whole gzip file");
    }

    @Test
    void anImportedFileThatIsNotGzipIsReported() throws Exception {
      fx.write("mongo/hearth-dev-2026-11-20.gz", "plain text, not gzip");

      VerifyReport r = store.verify(single(store.sets()), line -> {});

      assertThat(r.problems()).singleElement().asString().startsWith("corrupted: mongo/hearth-dev-2026-11-20.gz");
    }

    @Test
    void anImportedInfluxBackupMissingAShardIsReported() throws Exception {
      List<Path> influx = fx.importedInflux("2026-11-20");
      Files.delete(influx.get(1));

      VerifyReport r = store.verify(single(store.sets()), line -> {});

      assertThat(r.problems())
          .containsExactly(
              "missing: influxdb/2026-11-20/20261120T000000Z.s1.tar.gz (named by influxdb/2026-11-20/20261120T000000Z.manifest)");
    }

    @Test
    void anImportedShardThatDecompressesToAnotherSizeThanItsInfluxManifestSaysIsReported() throws Exception {
      List<Path> influx = fx.importedInflux("2026-11-20");
      Files.write(influx.get(1), StoreFixture.gzip("a different shard"));

      VerifyReport r = store.verify(single(store.sets()), line -> {});

      assertThat(r.problems())
          .containsExactly(
              "corrupted: influxdb/2026-11-20/20261120T000000Z.s1.tar.gz holds "
                  + StoreFixture.gunzippedLength("a different shard") + " bytes of shard data,"
                  + " influxdb/2026-11-20/20261120T000000Z.manifest says "
                  + StoreFixture.gunzippedLength("influx shard of 2026-11-20"));
    }

    @Test
    void anImportedInfluxBackupMissingItsMetastoreFileIsReported() throws Exception {
      List<Path> influx = fx.importedInflux("2026-11-20");
      Files.delete(influx.get(0));
      List<String> progress = new ArrayList<>();

      VerifyReport r = store.verify(single(store.sets()), progress::add);

      assertThat(r.problems())
          .containsExactly(
              "missing: the metastore file 20261120T000000Z.meta named by influxdb/2026-11-20/20261120T000000Z.manifest");
      assertThat(progress).anySatisfy(l -> assertThat(l).startsWith("BAD      influxdb/2026-11-20/20261120T000000Z.manifest"));
    }

    @Test
    void theVerifyRecordShowsInTheNextListing() throws Exception {
      fx.completeSet("2026-11-24", "hearth-dev");
      fx.completeSet("2026-11-25", "hearth-dev");
      flipByte(fx.root().resolve("mongo/hearth-dev-2026-11-25.gz"), 5);
      List<BackupSet> before = store.sets();
      assertThat(before).allSatisfy(s -> assertThat(s.lastVerify()).isEmpty());

      store.verify(before.get(0), line -> {});
      VerifyReport bad = store.verify(before.get(1), line -> {});

      List<BackupSet> after = store.sets();
      assertThat(after).hasSize(2);
      VerifyRecord good = after.get(0).lastVerify().orElseThrow();
      assertThat(good.ok()).isTrue();
      assertThat(good.at()).isEqualTo(CLOCK.instant());
      VerifyRecord failed = after.get(1).lastVerify().orElseThrow();
      assertThat(failed.ok()).isFalse();
      assertThat(failed.problems()).isEqualTo(bad.problems()).hasSize(1);
    }
  }

  @Nested
  class Prune {
    /**
     * Today is 2026-11-26 and 7 days are kept: 2026-11-20 onwards. Older: two complete sets, an imported
     * set (mongo, influxdb, a snapshot), and an interrupted run with a partial archive. Around them, files
     * that are not part of any set.
     */
    private void populate() throws Exception {
      fx.importedMongo("hearth-dev", "2026-11-10");
      fx.importedMongo("openhim-dev", "2026-11-10");
      fx.importedInflux("2026-11-10");
      fx.write("influxdb/2026-11-10/README.txt", "copied by hand");
      fx.elasticRepository("snapshot_2026-11-10", "snapshot_2026-11-18", "snapshot_2026-11-25");
      fx.interruptedRun("2026-11-12", "hearth-dev");
      fx.write("mongo/user-mgnt-2026-11-12.gz.partial", "half");
      fx.completeSet("2026-11-18", "hearth-dev", "user-mgnt");
      fx.completeSet("2026-11-19", "hearth-dev", "user-mgnt");
      store.verify(store.resolve("2026-11-19").set(), line -> {});
      fx.completeSet("2026-11-20", "hearth-dev", "user-mgnt");
      fx.completeSet("2026-11-25", "hearth-dev", "user-mgnt");
      fx.write("mongo/notes.txt", "do not touch");
      fx.write("mongo/hearth-dev-final.gz", "do not touch");
      fx.write("mongo/hearth-dev-2026-11-18.gz.partial", "left by someone else");
      fx.write("manifests/README.md", "do not touch");
      fx.write("offsite/2026-11-10.tar.gz.enc", "do not touch");
    }

    private static final List<String> EXPECTED_DELETIONS =
        List.of(
            "mongo/hearth-dev-2026-11-10.gz",
            "mongo/openhim-dev-2026-11-10.gz",
            "influxdb/2026-11-10/20261110T000000Z.meta",
            "influxdb/2026-11-10/20261110T000000Z.s1.tar.gz",
            "influxdb/2026-11-10/20261110T000000Z.manifest",
            "mongo/hearth-dev-2026-11-12.gz",
            "mongo/user-mgnt-2026-11-12.gz.partial",
            "manifests/2026-11-12.started",
            "mongo/hearth-dev-2026-11-18.gz",
            "mongo/user-mgnt-2026-11-18.gz",
            "influxdb/2026-11-18/20261118T000005Z.meta",
            "influxdb/2026-11-18/20261118T000005Z.s1.tar.gz",
            "influxdb/2026-11-18/20261118T000005Z.manifest",
            "manifests/2026-11-18.json",
            "mongo/hearth-dev-2026-11-19.gz",
            "mongo/user-mgnt-2026-11-19.gz",
            "influxdb/2026-11-19/20261119T000005Z.meta",
            "influxdb/2026-11-19/20261119T000005Z.s1.tar.gz",
            "influxdb/2026-11-19/20261119T000005Z.manifest",
            "manifests/2026-11-19.verified.json",
            "manifests/2026-11-19.json");

    @Test
    void exactlyTheFilesOfTheOldSetsAreDeleted() throws Exception {
      populate();
      Map<String, String> before = fx.tree();
      assertThat(before).containsKeys(EXPECTED_DELETIONS.toArray(String[]::new));

      List<BackupStore.PruneItem> plan = store.planPrune(7);
      store.prune(plan);

      Map<String, String> expected = new TreeMap<>(before);
      EXPECTED_DELETIONS.forEach(expected::remove);
      assertThat(fx.tree()).isEqualTo(expected);
      assertThat(fx.root().resolve("influxdb/2026-11-18")).as("an emptied influx folder goes").doesNotExist();
      assertThat(fx.root().resolve("influxdb/2026-11-10/README.txt")).exists();
      assertThat(store.sets()).extracting(s -> s.label().value())
          // snapshots stay in the repository (the server deletes them, not prune), so the pruned sets
          // that had one are still seen, as imported snapshot-only sets
          .containsExactly("2026-11-10", "2026-11-18", "2026-11-20", "2026-11-25");
    }

    @Test
    void thePlanListsEverySetWithItsDecisionAndFiles() throws Exception {
      populate();

      List<BackupStore.PruneItem> plan = store.planPrune(7);

      Map<String, Boolean> keep =
          plan.stream().collect(Collectors.toMap(i -> i.decision().set().label().value(), i -> i.decision().keep()));
      assertThat(keep)
          .containsExactlyInAnyOrderEntriesOf(
              Map.of("2026-11-10", false, "2026-11-12", false, "2026-11-18", false, "2026-11-19", false,
                  "2026-11-20", true, "2026-11-25", true));
      List<String> planned = new ArrayList<>();
      plan.forEach(i -> i.files().forEach(f -> planned.add(fx.layout().relative(f))));
      assertThat(planned).containsExactlyInAnyOrderElementsOf(EXPECTED_DELETIONS);
      assertThat(plan).filteredOn(i -> i.decision().keep()).allSatisfy(i -> assertThat(i.files()).isEmpty());
    }

    @Test
    void planningDeletesNothing() throws Exception {
      populate();
      Map<String, String> before = fx.tree();

      store.planPrune(7);
      store.planPrune(1);

      assertThat(fx.tree()).isEqualTo(before);
    }

    @Test
    void nothingIsDeletedWhenTheNewestRunFailed() throws Exception {
      populate();
      fx.failedSet("2026-11-26", "hearth-dev");
      Map<String, String> before = fx.tree();

      List<BackupStore.PruneItem> plan = store.planPrune(1);
      store.prune(plan);

      assertThat(plan).allSatisfy(i -> assertThat(i.decision().keep()).isTrue());
      assertThat(fx.tree()).isEqualTo(before);
    }

    @Test
    void nothingIsDeletedWhenTheNewestRunWasInterrupted() throws Exception {
      populate();
      fx.interruptedRun("2026-11-26", "hearth-dev");
      Map<String, String> before = fx.tree();

      store.prune(store.planPrune(1));

      assertThat(fx.tree()).isEqualTo(before);
    }

    @Test
    void aFileThatAKeptSetListsIsNeverDeleted() throws Exception {
      fx.completeSet("2026-11-10", "hearth-dev");
      fx.completeSet("2026-11-25", "hearth-dev");
      // the kept set lists a file whose name belongs to the old one
      Path manifest = fx.layout().manifest(Label.parse("2026-11-25"));
      Files.writeString(manifest, Files.readString(manifest)
          .replace("mongo/hearth-dev-2026-11-25.gz", "mongo/hearth-dev-2026-11-10.gz")
          .replaceFirst("\"size\" : \\d+", "\"size\" : " + Files.size(fx.root().resolve("mongo/hearth-dev-2026-11-10.gz"))));

      store.prune(store.planPrune(7));

      assertThat(fx.root().resolve("mongo/hearth-dev-2026-11-10.gz")).exists();
      assertThat(fx.layout().manifest(Label.parse("2026-11-10"))).doesNotExist();
    }

    @Test
    void theStoreLockKeepsOtherProcessesOut() throws Exception {
      try (StoreLock lock = store.lock("prune", w -> {})) {
        assertThat(LockHolder.tryOnce(fx.layout().lockFile())).startsWith("REFUSED ").contains(", prune, ");
      }
      assertThat(LockHolder.tryOnce(fx.layout().lockFile())).isEqualTo("ACQUIRED");
    }
  }

  private static BackupSet single(List<BackupSet> sets) {
    assertThat(sets).hasSize(1);
    return sets.get(0);
  }

  private List<String> relative(List<Path> files) {
    return files.stream().map(fx.layout()::relative).toList();
  }

  private static void flipByte(Path file, long at) throws Exception {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(at);
      int b = f.read();
      f.seek(at);
      f.write(b ^ 0xff);
    }
  }
}
