package io.crvsbackup.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import io.crvsbackup.job.JobListener;
import io.crvsbackup.mongo.archive.ArchivePrelude;
import io.crvsbackup.mongo.archive.ArchiveWriter;
import io.crvsbackup.mongo.archive.CollectionMetadata;
import io.crvsbackup.mongo.archive.Namespace;
import io.crvsbackup.mongo.archive.NamespaceWriter;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveCheckTest {
  @TempDir Path dir;

  private Path archive(String db, int documents) throws Exception {
    Path file = dir.resolve(db + ".gz");
    ArchivePrelude prelude = ArchivePrelude.of("7.0.12", "t", 1, List.of(
        CollectionMetadata.of(new Namespace(db, "Patient"), "collection", new BsonDocument(), List.of(), null)));
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      ArchiveWriter w = ArchiveWriter.create(out, file.getFileName().toString(), prelude);
      NamespaceWriter n = w.open(new Namespace(db, "Patient"));
      for (int i = 0; i < documents; i++) {
        n.write(new RawBsonDocument(new BsonDocument("_id", new BsonInt32(i)), new BsonDocumentCodec()));
      }
      n.end();
      w.finish();
    }
    return file;
  }

  private static ArchiveCheck.Outcome check(Path file, String db, Map<String, BackupFacts.Expected> expected) {
    return ArchiveCheck.check(file, "mongo/" + file.getFileName(), db, Optional.ofNullable(expected),
        JobListener.NONE, Duration.ofSeconds(1));
  }

  @Test
  void aGoodArchiveMatchingTheManifestPasses() throws Exception {
    Path file = archive("hearth-dev", 3);
    var summary = check(file, "hearth-dev", null).summary().orElseThrow();
    String crc = BackupFacts.crcHex(summary.namespaces().get(0).crc());
    assertThat(check(file, "hearth-dev", Map.of("Patient", new BackupFacts.Expected("Patient", 3, crc))).problems())
        .isEmpty();
  }

  @Test
  void countsOrCrcsOtherThanTheManifestsAreProblems() throws Exception {
    Path file = archive("hearth-dev", 3);
    assertThat(check(file, "hearth-dev", Map.of(
            "Patient", new BackupFacts.Expected("Patient", 4, "0000000000000000"),
            "Task", new BackupFacts.Expected("Task", 1, ""))).problems())
        .containsExactlyInAnyOrder(
            "mongo/hearth-dev.gz: namespace hearth-dev.Patient holds 3 document(s) but the manifest recorded 4",
            "mongo/hearth-dev.gz: namespace hearth-dev.Patient has CRC "
                + BackupFacts.crcHex(check(file, "hearth-dev", null).summary().orElseThrow().namespaces().get(0).crc())
                + " but the manifest recorded 0000000000000000",
            "mongo/hearth-dev.gz: namespace hearth-dev.Task is in the manifest but not in the archive");
  }

  @Test
  void anArchiveOfAnotherDatabaseIsAProblem() throws Exception {
    Path file = archive("user-mgnt", 1);
    assertThat(check(file, "hearth-dev", null).problems()).singleElement().asString()
        .isEqualTo("mongo/user-mgnt.gz: the archive is for database user-mgnt, not hearth-dev as its file name says;"
            + " it is not restored");
  }

  @Test
  void mongodumpFixturesPassWithTheirExtras() throws Exception {
    for (String[] f : new String[][] {{"dump-w-oplog.archive", "test"}, {"test.bar.archive", "test"},
        {"timeseries_tests-dump.archive", "timeseries_test"}}) {
      Path file = dir.resolve(f[0]);
      Files.write(file, MongoKit.resource("/mongo/archive/" + f[0]));
      assertThat(check(file, f[1], null).problems()).as(f[0]).isEmpty();
    }
  }

  @Test
  void badFormatFixtureIsRefusedNamingTheFile() throws Exception {
    Path file = dir.resolve("bad-format.archive");
    Files.write(file, MongoKit.resource("/mongo/archive/bad-format.archive"));
    assertThat(check(file, "test", null).problems()).singleElement().asString()
        .startsWith("mongo/bad-format.archive: ");
  }
}
