package io.crvsbackup.env;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/** The MongoDB-compatible server of scripts/test-env answers the Java driver, and mongo-tools are built. */
class MongoIT {
  @Test
  void insertsAndReadsThroughTheDriver() {
    String db = "crvs_it_" + UUID.randomUUID().toString().substring(0, 8);
    try (MongoClient client = MongoClients.create(TestEnv.require("MONGODB_URI"))) {
      MongoCollection<Document> c = client.getDatabase(db).getCollection("Patient");
      try {
        c.insertOne(new Document("_id", 1).append("name", "Ngozi Okafor").append("birth", "2026-11-01"));
        c.insertOne(new Document("_id", 2).append("name", "Kofi Mensah"));
        assertThat(c.countDocuments()).isEqualTo(2);
        assertThat(c.find(new Document("_id", 1)).first()).containsEntry("name", "Ngozi Okafor");
      } finally {
        client.getDatabase(db).drop();
      }
    }
  }

  @Test
  void mongodumpAndMongorestoreAreRealBinaries() throws Exception {
    for (String tool : new String[] {"MONGODUMP", "MONGORESTORE"}) {
      Path bin = Path.of(TestEnv.require(tool));
      assertThat(Files.isExecutable(bin)).as(tool + " %s is executable", bin).isTrue();
      Process p = new ProcessBuilder(bin.toString(), "--version").redirectErrorStream(true).start();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      String out = new String(p.getInputStream().readAllBytes());
      assertThat(p.exitValue()).as(out).isZero();
      assertThat(out).contains("version");
    }
  }
}
