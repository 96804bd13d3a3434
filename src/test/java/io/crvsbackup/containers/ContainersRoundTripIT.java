package io.crvsbackup.containers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import io.crvsbackup.config.Secret;
import io.crvsbackup.config.Settings;
import io.crvsbackup.elastic.ElasticEngine;
import io.crvsbackup.influx.InfluxEngine;
import io.crvsbackup.job.BackupJob;
import io.crvsbackup.job.Engine;
import io.crvsbackup.job.EngineResult;
import io.crvsbackup.job.JobListener;
import io.crvsbackup.job.RestoreSource;
import io.crvsbackup.mongo.MongoEngine;
import io.crvsbackup.store.BackupSet;
import io.crvsbackup.store.BackupStore;
import io.crvsbackup.store.Label;
import io.crvsbackup.store.SetStatus;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

/**
 * Issue 8, testcontainers: MongoDB, InfluxDB 1.8 and Elasticsearch 8 in containers that the test starts
 * itself, and all three engines against them: a backup with the real backup job into a temporary
 * BACKUP_DIR (bind-mounted into the Elasticsearch container as its {@code path.repo}), data changed and
 * deleted, a restore, and every document and point compared with what was backed up.
 *
 * <p>The images come from {@code CRVS_IT_MONGO_IMAGE}, {@code CRVS_IT_INFLUX_IMAGE} and {@code
 * CRVS_IT_ELASTIC_IMAGE}: by default the images {@code scripts/e2e/build-images} makes from local
 * binaries (built by the test when missing), or the official {@code mongo:4.4}, {@code influxdb:1.8.10}
 * and {@code elasticsearch:8.16.4} on a machine that can pull them. See {@link DatabaseContainers}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContainersRoundTripIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final List<String> MONGO_DBS = List.of("hearth-dev", "user-mgnt");
  private static final String INFLUX_DB = "ocrvs";
  private static final List<String> ES_INDICES = List.of("ocrvs", "ocrvs-events");
  private static final int PATIENTS = 400;
  private static final int COMPOSITIONS = 150;
  private static final int USERS = 25;
  private static final int EVENT_DAYS = 40;

  /** BACKUP_DIR; static so that it exists before {@code @BeforeAll} mounts its elasticsearch folder. */
  @TempDir static Path backupDir;
  private final String mongoImage = DatabaseContainers.image(DatabaseContainers.MONGO_IMAGE_VAR, DatabaseContainers.LOCAL_MONGO);
  private final String influxImage = DatabaseContainers.image(DatabaseContainers.INFLUX_IMAGE_VAR, DatabaseContainers.LOCAL_INFLUX);
  private final String elasticImage = DatabaseContainers.image(DatabaseContainers.ELASTIC_IMAGE_VAR, DatabaseContainers.LOCAL_ELASTIC);
  private final String password = randomPassword();
  private final List<GenericContainer<?>> started = new ArrayList<>();
  private GenericContainer<?> mongo;
  private GenericContainer<?> influx;
  private GenericContainer<?> elastic;
  private MongoClient client;

  @BeforeAll
  void start() throws Exception {
    DatabaseContainers.requireDocker();
    DatabaseContainers.ensureLocalImages(List.of(mongoImage, influxImage, elasticImage));
    mongo = startTracked(DatabaseContainers.mongo(mongoImage, password));
    influx = startTracked(DatabaseContainers.influx(influxImage));
    elastic = startTracked(DatabaseContainers.elastic(elasticImage, backupDir.resolve("elasticsearch")));
    client = MongoClients.create(DatabaseContainers.mongoUri(mongo, password));
  }

  private GenericContainer<?> startTracked(GenericContainer<?> c) {
    started.add(c);
    c.start();
    return c;
  }

  @AfterAll
  void stop() {
    if (client != null) {
      client.close();
    }
    if (elastic != null && elastic.isRunning()) {
      // The snapshot files belong to the container's user (uid 1000 in the official image): remove them
      // from inside, so that the temporary folder can go on any machine.
      try {
        elastic.execInContainer("sh", "-c", "rm -rf '" + backupDir.resolve("elasticsearch") + "'/*");
      } catch (Exception e) {
        System.err.println("could not empty the ES repository folder from inside the container: " + e);
      }
    }
    for (GenericContainer<?> c : started) {
      c.stop();
    }
  }

  @Test
  void publishedPortsListenOnLoopbackOnly() {
    for (GenericContainer<?> c : List.of(mongo, influx, elastic)) {
      var ports = DockerClientFactory.instance().client().inspectContainerCmd(c.getContainerId()).exec()
          .getNetworkSettings().getPorts().getBindings();
      assertThat(ports).as("published ports of %s", c.getDockerImageName()).isNotEmpty();
      ports.forEach((exposed, bindings) -> {
        assertThat(bindings).as("bindings of %s", exposed).isNotEmpty();
        for (var b : bindings) {
          assertThat(b.getHostIp()).as("host address of %s of %s", exposed, c.getDockerImageName())
              .isEqualTo("127.0.0.1");
        }
      });
    }
  }

  @Test
  void backupChangeRestoreGivesBackEveryDocumentAndPointInAllThreeEngines() throws Exception {
    seedMongo();
    seedInflux();
    seedElastic();
    Map<String, Object> before = fingerprints();
    assertThat(mongoCount("hearth-dev", "Patient")).isEqualTo(PATIENTS);

    BackupStore store = BackupStore.open(backupDir, Clock.systemUTC(), true);
    List<Engine> engines = engines(store);
    BackupJob.Outcome outcome = new BackupJob(store, engines, 3650, "containers-it", JobListener.NONE)
        .run(Optional.of(Label.parse("containers")));
    assertThat(outcome.manifest().failures()).as("backup failures").isEmpty();
    assertThat(outcome.manifest().status()).isEqualTo(SetStatus.COMPLETE);
    BackupSet set = store.resolve("containers").set();
    for (Engine e : engines) {
      assertThat(e.verifyOffline(set, JobListener.NONE)).as("offline verify of %s", e.name()).isEmpty();
    }
    Map<String, JsonNode> facts = set.manifest().orElseThrow().engines();
    assertThat(facts.get("mongo").path("databases").path("hearth-dev").path("documents").asLong())
        .isEqualTo(PATIENTS + COMPOSITIONS);
    assertThat(facts.get("elasticsearch").path("indices").path("ocrvs").path("docs").asLong()).isEqualTo(COMPOSITIONS);
    assertThat(facts.get("influxdb").path("totals").path("points").asLong()).isEqualTo(influxPoints());
    try (Stream<Path> files = Files.list(backupDir.resolve("elasticsearch"))) {
      assertThat(files.map(p -> p.getFileName().toString())).as("the ES repository in BACKUP_DIR")
          .anyMatch(n -> n.startsWith("index-"));
    }

    changeEverything();
    Map<String, Object> changed = fingerprints();
    for (String part : before.keySet()) {
      assertThat(changed.get(part)).as("%s after the changes", part).isNotEqualTo(before.get(part));
    }

    for (Engine e : engines) {
      EngineResult r = e.restore(new RestoreSource(set, store.layout(), Map.of(), JobListener.NONE));
      assertThat(r.facts()).as("restore facts of %s", e.name()).isNotNull();
    }

    Map<String, Object> after = fingerprints();
    for (String part : before.keySet()) {
      assertThat(after.get(part)).as("%s after the restore", part).isEqualTo(before.get(part));
    }
    assertThat(mongoCount("hearth-dev", "Patient")).isEqualTo(PATIENTS);
    assertThat(mongoCount("user-mgnt", "users")).isEqualTo(USERS);
    assertThat(client.getDatabase("hearth-dev").listCollectionNames().into(new ArrayList<>()))
        .containsExactlyInAnyOrder("Patient", "Composition");
    assertThat(esCount("ocrvs")).isEqualTo(COMPOSITIONS);
    assertThat(esCount("ocrvs-events")).isEqualTo(EVENT_DAYS * 3);
    assertThat(influxPoints()).isEqualTo(EVENT_DAYS * 3 * 2L);
  }

  private List<Engine> engines(BackupStore store) {
    Clock clock = Clock.systemUTC();
    Settings.Mongo m = new Settings.Mongo(Optional.of(Secret.of(DatabaseContainers.mongoUri(mongo, password))),
        MONGO_DBS, List.of(), 2, Optional.empty(), Optional.empty());
    Settings.Elastic es = new Settings.Elastic(Optional.of(URI.create(DatabaseContainers.httpUrl(elastic, 9200))),
        ES_INDICES, "ocrvs", Optional.empty(), Optional.empty());
    Settings.Influx ix = new Settings.Influx(Optional.of(URI.create(DatabaseContainers.httpUrl(influx, 8086))),
        Optional.of(new Settings.HostPort(DatabaseContainers.LOOPBACK, influx.getMappedPort(8088))),
        List.of(INFLUX_DB));
    return List.of(MongoEngine.create(m, 1, clock), ElasticEngine.create(es, store.layout(), clock),
        InfluxEngine.create(ix, clock));
  }

  // --- data -------------------------------------------------------------------------------------

  private void seedMongo() {
    MongoDatabase hearth = client.getDatabase("hearth-dev");
    List<Document> patients = new ArrayList<>();
    for (int i = 0; i < PATIENTS; i++) {
      patients.add(new Document("_id", new ObjectId(String.format("65f1a2b3c4d5e6f7%08x", i)))
          .append("resourceType", "Patient")
          .append("identifier", List.of(new Document("type", "BIRTH_REGISTRATION_NUMBER").append("value", "B" + (1000 + i))))
          .append("name", List.of(new Document("given", List.of("Kofi", "Ama")).append("family", "Mensah " + i)))
          .append("birthDate", java.util.Date.from(Instant.parse("1990-01-01T00:00:00Z").plusSeconds(86_400L * i)))
          .append("weight", 3.25 + i / 100.0)
          .append("deceased", i % 17 == 0)
          .append("note", i % 5 == 0 ? null : "Пациент · 名前 · ü " + i));
    }
    hearth.getCollection("Patient").insertMany(patients);
    hearth.getCollection("Patient").createIndex(Indexes.ascending("identifier.value"), new IndexOptions().name("by_identifier"));
    List<Document> compositions = new ArrayList<>();
    for (int i = 0; i < COMPOSITIONS; i++) {
      compositions.add(new Document("_id", "composition-" + i).append("status", "final").append("section",
          List.of(new Document("title", "Child details").append("entry", List.of(new Document("reference", "Patient/" + i))))));
    }
    hearth.getCollection("Composition").insertMany(compositions);
    MongoDatabase users = client.getDatabase("user-mgnt");
    List<Document> us = new ArrayList<>();
    for (int i = 0; i < USERS; i++) {
      us.add(new Document("username", "user." + i).append("role", i % 3 == 0 ? "LOCAL_REGISTRAR" : "FIELD_AGENT")
          .append("passwordHash", HexFormat.of().formatHex(new byte[] {(byte) i, 1, 2, 3})));
    }
    users.getCollection("users").insertMany(us);
    users.getCollection("users").createIndex(Indexes.ascending("username"), new IndexOptions().unique(true).name("username_1"));
  }

  private void seedInflux() throws Exception {
    influxQuery("CREATE DATABASE " + INFLUX_DB);
    StringBuilder lines = new StringBuilder();
    long day = 86_400_000_000_000L;
    long start = Instant.parse("2026-09-01T00:00:00Z").getEpochSecond() * 1_000_000_000L;
    for (int d = 0; d < EVENT_DAYS; d++) {
      for (String event : List.of("birth", "death", "marriage")) {
        long t = start + d * day + event.length();
        lines.append("registrations,event=").append(event).append(",office=Ibombo count=").append(d + 1).append("i,late=")
            .append(d % 2 == 0).append(",age=").append(d * 1.5).append(' ').append(t).append('\n');
        lines.append("user\\ logins,role=").append(event).append(" n=").append(d).append("i,who=\"user ")
            .append(d).append("\" ").append(t).append('\n');
      }
    }
    influxWrite(lines.toString());
  }

  private void seedElastic() throws Exception {
    StringBuilder bulk = new StringBuilder();
    for (int i = 0; i < COMPOSITIONS; i++) {
      bulk.append("{\"index\":{\"_index\":\"ocrvs\",\"_id\":\"composition-").append(i).append("\"}}\n");
      bulk.append("{\"event\":\"Birth\",\"childFirstNames\":\"Kofi ").append(i).append("\",\"declarationLocationId\":\"loc-")
          .append(i % 7).append("\",\"createdAt\":").append(1_764_115_200_000L + i).append("}\n");
    }
    for (int d = 0; d < EVENT_DAYS * 3; d++) {
      bulk.append("{\"index\":{\"_index\":\"ocrvs-events\",\"_id\":\"e").append(d).append("\"}}\n");
      bulk.append("{\"type\":\"REGISTERED\",\"n\":").append(d).append("}\n");
    }
    esBulk(bulk.toString());
  }

  private void changeEverything() throws Exception {
    MongoDatabase hearth = client.getDatabase("hearth-dev");
    hearth.getCollection("Patient").deleteMany(Filters.eq("deceased", true));
    hearth.getCollection("Composition").updateMany(Filters.regex("_id", "^composition-1"), Updates.set("status", "amended"));
    hearth.getCollection("Task").insertOne(new Document("_id", "task-1").append("status", "created"));
    client.getDatabase("user-mgnt").getCollection("users").drop();

    influxWrite("registrations,event=birth,office=New count=1i 1790000000000000000\n");
    influxQuery("DROP MEASUREMENT \"user logins\"");

    StringBuilder bulk = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      bulk.append("{\"delete\":{\"_index\":\"ocrvs\",\"_id\":\"composition-").append(i).append("\"}}\n");
    }
    bulk.append("{\"index\":{\"_index\":\"ocrvs\",\"_id\":\"new-1\"}}\n{\"event\":\"Death\"}\n");
    bulk.append("{\"update\":{\"_index\":\"ocrvs-events\",\"_id\":\"e3\"}}\n{\"doc\":{\"type\":\"CERTIFIED\"}}\n");
    esBulk(bulk.toString());
  }

  /** Every document of every part, in a form that compares with equals. */
  private Map<String, Object> fingerprints() throws Exception {
    Map<String, Object> f = new TreeMap<>();
    for (String db : MONGO_DBS) {
      f.put("mongo " + db, mongoDocuments(db));
    }
    f.put("influx " + INFLUX_DB, influxDump());
    for (String index : ES_INDICES) {
      f.put("es " + index, esDocuments(index));
    }
    return f;
  }

  /** collection -> documents as raw BSON (hex) in _id order, plus its indexes without v/ns. */
  private Map<String, List<String>> mongoDocuments(String db) {
    MongoDatabase d = client.getDatabase(db);
    Map<String, List<String>> out = new TreeMap<>();
    for (String c : d.listCollectionNames()) {
      List<String> docs = new ArrayList<>();
      for (RawBsonDocument doc : d.getCollection(c, RawBsonDocument.class).find().sort(new BsonDocument("_id", new BsonInt32(1)))) {
        var b = doc.getByteBuffer().asNIO();
        byte[] a = new byte[b.remaining()];
        b.get(a);
        docs.add(HexFormat.of().formatHex(a));
      }
      out.put(c, docs);
      List<String> indexes = new ArrayList<>();
      for (BsonDocument i : d.getCollection(c).listIndexes(BsonDocument.class)) {
        i.remove("v");
        i.remove("ns");
        indexes.add(i.toJson());
      }
      indexes.sort(null);
      out.put(c + " indexes", indexes);
    }
    return out;
  }

  private long mongoCount(String db, String collection) {
    return client.getDatabase(db).getCollection(collection).countDocuments();
  }

  // --- InfluxDB over HTTP -------------------------------------------------------------------------

  private String influxUrl() {
    return DatabaseContainers.httpUrl(influx, 8086);
  }

  private JsonNode influxQuery(String q) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(influxUrl() + "/query?epoch=ns&db="
            + enc(INFLUX_DB) + "&q=" + enc(q))).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("%s: %s", q, r.body()).isEqualTo(200);
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.findValues("error")).as("%s: %s", q, r.body()).isEmpty();
    return body;
  }

  private void influxWrite(String lines) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(influxUrl() + "/write?precision=ns&db=" + enc(INFLUX_DB)))
        .POST(HttpRequest.BodyPublishers.ofString(lines)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("write: %s", r.body()).isEqualTo(204);
  }

  /** Every series of every measurement with all its points, as the server returns them. */
  private String influxDump() throws Exception {
    JsonNode measurements = influxQuery("SHOW MEASUREMENTS");
    List<String> out = new ArrayList<>();
    for (JsonNode row : measurements.path("results").path(0).path("series").path(0).path("values")) {
      String m = row.path(0).asText();
      out.add(m + " " + influxQuery("SELECT * FROM \"" + m.replace("\"", "\\\"") + "\" GROUP BY *")
          .path("results").path(0).path("series").toString());
    }
    return String.join("\n", out);
  }

  private long influxPoints() throws Exception {
    long n = 0;
    for (JsonNode s : influxQuery("SELECT count(*) FROM /.*/").path("results").path(0).path("series")) {
      // one count_<field> column per field of any measurement (null where the measurement lacks it); every
      // point here has all the fields of its measurement, so the largest count is the number of points
      long most = 0;
      JsonNode row = s.path("values").path(0);
      for (int i = 1; i < row.size(); i++) {
        most = Math.max(most, row.path(i).asLong());
      }
      n += most;
    }
    return n;
  }

  // --- Elasticsearch over HTTP --------------------------------------------------------------------

  private String esUrl() {
    return DatabaseContainers.httpUrl(elastic, 9200);
  }

  private JsonNode es(String method, String path, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(esUrl() + path)).header("Content-Type",
        path.startsWith("/_bulk") ? "application/x-ndjson" : "application/json");
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("%s %s: %s", method, path, r.body()).isBetween(200, 299);
    return JSON.readTree(r.body());
  }

  private void esBulk(String ndjson) throws Exception {
    JsonNode r = es("POST", "/_bulk?refresh=true", ndjson);
    assertThat(r.path("errors").asBoolean()).as("bulk errors: %s", r).isFalse();
  }

  private Map<String, JsonNode> esDocuments(String index) throws Exception {
    es("POST", "/" + index + "/_refresh", null);
    JsonNode hits = es("POST", "/" + index + "/_search", "{\"size\":1000,\"query\":{\"match_all\":{}}}").path("hits").path("hits");
    Map<String, JsonNode> out = new TreeMap<>();
    for (JsonNode h : hits) {
      out.put(h.path("_id").asText(), h.path("_source"));
    }
    ObjectNode mapping = (ObjectNode) es("GET", "/" + index + "/_mapping", null).path(index).path("mappings");
    out.put("(mapping)", mapping);
    return out;
  }

  private long esCount(String index) throws Exception {
    return es("GET", "/" + index + "/_count", null).path("count").asLong();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String randomPassword() {
    byte[] b = new byte[18];
    new SecureRandom().nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
