package io.crvsbackup.offsite;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import io.crvsbackup.env.TestEnv;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.bson.Document;
import org.bson.types.Binary;

/**
 * The three real engines of scripts/test-env (MongoDB through FerretDB, Elasticsearch 8, InfluxDB 1.6), each
 * with a small database of this test's own, a backup folder inside the nodes' {@code path.repo}, a remote
 * folder on the test sshd, and the environment a {@code crvs-backup} process needs for all of it. Nothing
 * outside this test's own names is touched; {@link #close()} removes them.
 */
final class CliWorld implements AutoCloseable {
  /** The engines a run takes ({@code --engines}). */
  static final String ENGINES = "mongo,elasticsearch,influxdb";
  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  final String id = "offcli" + UUID.randomUUID().toString().substring(0, 8);
  final String mongoDb = id + "-hearth";
  final String esIndex = id + "-records";
  final String influxDb = id;
  final Path root;
  final Path backupDir;
  final Path remoteDir;
  final Path passphraseFile;
  private final String esUrl = TestEnv.require("ELASTICSEARCH_URL");
  private final String influxUrl = TestEnv.require("INFLUXDB_URL");

  CliWorld(Path tmp) throws Exception {
    // Elasticsearch writes its fs repository only under its path.repo: the test environment's BACKUP_DIR
    this.root = Path.of(TestEnv.require("BACKUP_DIR")).resolve(id);
    this.backupDir = root.resolve("backups");
    this.remoteDir = tmp.resolve("server/backups");
    Files.createDirectories(backupDir);
    Files.createDirectories(tmp.resolve("server"));
    this.passphraseFile = tmp.resolve("passphrase.txt");
    Files.writeString(passphraseFile, OffsiteFixture.PASSPHRASE + "\n");
  }

  /** Seeds the three databases: documents with random bytes, an index of records, a measurement. */
  CliWorld seed() throws Exception {
    Random random = new Random(42);
    try (MongoClient c = mongo()) {
      List<Document> docs = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        byte[] b = new byte[1024];
        random.nextBytes(b);
        docs.add(new Document("_id", "p" + i).append("n", i).append("name", "person " + i)
            .append("blob", new Binary(b)));
      }
      c.getDatabase(mongoDb).getCollection("Patient").insertMany(docs);
      c.getDatabase(mongoDb).getCollection("Task").insertOne(new Document("_id", "t1").append("status", "REGISTERED"));
    }
    StringBuilder bulk = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      bulk.append("{\"index\":{\"_id\":\"r").append(i).append("\"}}\n{\"n\":").append(i)
          .append(",\"event\":\"birth\"}\n");
    }
    http("PUT", esUrl + "/" + esIndex, "{\"settings\":{\"number_of_replicas\":0}}");
    http("POST", esUrl + "/" + esIndex + "/_bulk?refresh=true", bulk.toString());
    http("POST", influxUrl + "/query", "q=" + enc("CREATE DATABASE \"" + influxDb + "\""));
    StringBuilder points = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      points.append("registrations,office=o").append(i % 5).append(" count=").append(i).append("i ")
          .append(1_790_000_000L + i * 3600L).append('\n');
    }
    http("POST", influxUrl + "/write?db=" + influxDb + "&precision=s", points.toString());
    return this;
  }

  /** The environment of a crvs-backup process: the engines, the backup folder, the backup server. */
  Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("BACKUP_DIR", backupDir.toString());
    env.put("MONGODB_URI", TestEnv.require("MONGODB_URI"));
    env.put("MONGODB_DATABASES", mongoDb);
    env.put("ELASTICSEARCH_URL", esUrl);
    env.put("ELASTICSEARCH_INDICES", esIndex);
    env.put("ELASTICSEARCH_REPOSITORY", id);
    env.put("INFLUXDB_URL", influxUrl);
    env.put("INFLUXDB_RPC_ADDRESS", TestEnv.require("INFLUXDB_RPC_ADDRESS"));
    env.put("INFLUXDB_DATABASES", influxDb);
    // no Docker here unless a test says so: backup works from the explicit configuration
    env.put("DOCKER_HOST", "unix://" + root.resolve("no-docker.sock"));
    env.put("EXTERNAL_BACKUP_HOST", TestEnv.require("SSH_HOST"));
    env.put("EXTERNAL_BACKUP_PORT", TestEnv.require("SSH_PORT"));
    env.put("EXTERNAL_BACKUP_USER", TestEnv.require("SSH_USER"));
    env.put("EXTERNAL_BACKUP_DIR", remoteDir.toString());
    env.put("EXTERNAL_BACKUP_SSH_KEY_FILE", TestEnv.require("SSH_KEY_FILE"));
    env.put("EXTERNAL_BACKUP_KNOWN_HOSTS", TestEnv.require("SSH_KNOWN_HOSTS"));
    return env;
  }

  /** {@link #env()} with the passphrase given through its {@code _FILE} variable. */
  Map<String, String> envWithPassphrase() {
    Map<String, String> env = env();
    env.put("BACKUP_ENCRYPTION_PASSPHRASE_FILE", passphraseFile.toString());
    return env;
  }

  MongoClient mongo() {
    return MongoClients.create(TestEnv.require("MONGODB_URI"));
  }

  /** Every document of the test's database, collection by collection, as extended JSON, by _id. */
  Map<String, List<String>> mongoContent() {
    Map<String, List<String>> out = new java.util.TreeMap<>();
    try (MongoClient c = mongo()) {
      for (String coll : c.getDatabase(mongoDb).listCollectionNames()) {
        List<String> docs = new ArrayList<>();
        MongoCollection<Document> col = c.getDatabase(mongoDb).getCollection(coll);
        col.find().sort(new Document("_id", 1)).forEach(d -> docs.add(d.toJson()));
        out.put(coll, docs);
      }
    }
    return out;
  }

  /** Every document of the test's index, sorted by id. */
  JsonNode esContent() throws Exception {
    http("POST", esUrl + "/" + esIndex + "/_refresh", "");
    JsonNode r = JSON.readTree(http("POST", esUrl + "/" + esIndex + "/_search",
        "{\"size\":1000,\"sort\":[{\"n\":\"asc\"}]}"));
    return r.path("hits").path("hits");
  }

  /** Every point of the test's measurement. */
  String influxContent() throws Exception {
    return http("POST", influxUrl + "/query?db=" + influxDb,
        "q=" + enc("SELECT * FROM registrations ORDER BY time ASC"));
  }

  /** Changes the three databases the way a bad day would: documents lost, a stray one, a dropped database. */
  void damage() throws Exception {
    try (MongoClient c = mongo()) {
      c.getDatabase(mongoDb).getCollection("Patient").deleteMany(new Document("n", new Document("$lt", 150)));
      c.getDatabase(mongoDb).getCollection("Patient").insertOne(new Document("_id", "stray").append("n", -1));
    }
    for (int i = 0; i < 20; i++) {
      http("DELETE", esUrl + "/" + esIndex + "/_doc/r" + i, "");
    }
    http("POST", influxUrl + "/query", "q=" + enc("DROP DATABASE \"" + influxDb + "\""));
    http("PUT", esUrl + "/" + esIndex + "/_doc/stray?refresh=true", "{\"n\":-1,\"event\":\"stray\"}");
  }

  static String http(String method, String url, String body) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
        .method(method, HttpRequest.BodyPublishers.ofString(body));
    String type = body.startsWith("q=") ? "application/x-www-form-urlencoded"
        : url.contains("/write?") ? "text/plain"
        : url.contains("/_bulk") ? "application/x-ndjson" : "application/json";
    b.header("Content-Type", type);
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("%s %s: %s", method, url, r.body()).isBetween(200, 299);
    return r.body();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws Exception {
    try (MongoClient c = mongo()) {
      c.getDatabase(mongoDb).drop();
    }
    HTTP.send(HttpRequest.newBuilder(URI.create(esUrl + "/" + esIndex)).DELETE().build(),
        HttpResponse.BodyHandlers.discarding());
    HTTP.send(HttpRequest.newBuilder(URI.create(esUrl + "/_snapshot/" + id)).DELETE().build(),
        HttpResponse.BodyHandlers.discarding());
    HTTP.send(HttpRequest.newBuilder(URI.create(influxUrl + "/query"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("q=" + enc("DROP DATABASE \"" + influxDb + "\""))).build(),
        HttpResponse.BodyHandlers.discarding());
    OffsiteFixture.deleteTree(root);
    OffsiteFixture.deleteTree(remoteDir.getParent());
  }
}
