package io.crvsbackup.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import io.crvsbackup.env.TestEnv;
import io.crvsbackup.job.BackupJob;
import io.crvsbackup.job.Engine;
import io.crvsbackup.job.JobListener;
import io.crvsbackup.store.BackupSet;
import io.crvsbackup.store.BackupStore;
import io.crvsbackup.store.Label;
import io.crvsbackup.store.SetStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.bson.Document;
import org.bson.types.Binary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3, a disk that fills during a backup, for real: {@code BACKUP_DIR} is a 3 MiB tmpfs (the test
 * mounts it; it needs root, as the rest of scripts/test-env does). An earlier set fits; the next backup
 * of incompressible data does not. The engine fails with the disk's error, no {@code .partial} file is
 * left, and the earlier set is still intact.
 */
class MongoDiskFullIT {
  @Test
  void diskFullRemovesThePartialFileAndKeepsEarlierSets(@TempDir Path dir) throws Exception {
    String uri = TestEnv.require("MONGODB_URI");
    Path mount = dir.resolve("backups");
    Files.createDirectories(mount);
    MongoKit.Run m = MongoKit.run(List.of("mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", mount.toString()));
    assertThat(m.exit()).as("mount a tmpfs (needs root): " + m.output()).isZero();
    String db = MongoKit.uniqueDb("full");
    try (MongoClient client = MongoKit.client(uri)) {
      try {
        client.getDatabase(db).getCollection("Observation").insertOne(new Document("_id", 0).append("v", 1));
        Engine engine = MongoKit.engine(uri, List.of(db), List.of(), Tuning.DEFAULTS);
        BackupStore store = MongoKit.store(mount);
        BackupSet earlier = MongoKit.backup(store, engine, "2026-11-24", JobListener.NONE);

        Random random = new Random(3);
        List<Document> docs = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
          byte[] noise = new byte[128 * 1024];
          random.nextBytes(noise);
          docs.add(new Document("_id", i).append("scan", new Binary(noise)));
        }
        client.getDatabase(db).getCollection("Observation").insertMany(docs);

        BackupJob.Outcome o = new BackupJob(store, List.of(engine), 7, "test", JobListener.NONE)
            .run(Optional.of(Label.parse("2026-11-25")));

        assertThat(o.manifest().status()).isEqualTo(SetStatus.INCOMPLETE);
        assertThat(o.manifest().failures()).singleElement()
            .satisfies(f -> assertThat(f.message()).contains(db).containsIgnoringCase("no space left"));
        assertThat(MongoBackupFailuresIT.files(store.layout().mongoDir()))
            .extracting(p -> p.getFileName().toString())
            .containsExactly(db + "-2026-11-24.gz");
        assertThat(store.verify(earlier, s -> {}).ok()).isTrue();
        assertThat(engine.verifyOffline(earlier, JobListener.NONE)).isEmpty();
      } finally {
        client.getDatabase(db).drop();
      }
    } finally {
      MongoKit.run(List.of("umount", mount.toString()));
    }
  }
}
