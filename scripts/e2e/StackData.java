import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bson.Document;
import org.bson.json.JsonWriterSettings;

/**
 * The data of the end-to-end stack (scripts/e2e/run): {@code seed} writes OpenCRVS-shaped data into
 * MongoDB, Elasticsearch and InfluxDB, {@code change} alters and deletes some of it, {@code fingerprint}
 * prints one line per collection, index and measurement (count and SHA-256 of the canonical content).
 * Two fingerprints are equal only if the data is the same. Addresses come from the environment
 * (E2E_MONGODB_URI, E2E_ELASTICSEARCH_URL, E2E_INFLUXDB_URL), so no password is on a command line.
 *
 * <pre>java -cp target/crvs-backup.jar scripts/e2e/StackData.java seed|change|fingerprint</pre>
 */
public class StackData {
  static final List<String> MONGO_DBS = List.of("hearth-dev", "user-mgnt", "application-config", "openhim-dev");
  static final List<String> ES_INDICES = List.of("ocrvs", "ocrvs-audit");
  static final String INFLUX_DB = "ocrvs";
  static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  // A fixed origin keeps the data the same from run to run.
  static final long ORIGIN = Instant.parse("2026-09-01T00:00:00Z").getEpochSecond();

  public static void main(String[] args) throws Exception {
    String mongo = env("E2E_MONGODB_URI");
    String es = env("E2E_ELASTICSEARCH_URL");
    String influx = env("E2E_INFLUXDB_URL");
    switch (args.length == 1 ? args[0] : "") {
      case "wait" -> awaitServers(mongo, es, influx);
      case "seed" -> {
        seedMongo(mongo);
        seedElastic(es);
        seedInflux(influx);
      }
      case "change" -> {
        changeMongo(mongo);
        changeElastic(es);
        changeInflux(influx);
      }
      case "fingerprint" -> {
        List<String> lines = new ArrayList<>();
        fingerprintMongo(mongo, lines);
        fingerprintElastic(es, lines);
        fingerprintInflux(influx, lines);
        lines.forEach(System.out::println);
      }
      default -> {
        System.err.println("usage: StackData wait|seed|change|fingerprint (addresses in E2E_MONGODB_URI,"
            + " E2E_ELASTICSEARCH_URL, E2E_INFLUXDB_URL)");
        System.exit(2);
      }
    }
  }

  /** Waits (up to 120 s each) until MongoDB takes a ping, Elasticsearch is yellow and InfluxDB answers. */
  static void awaitServers(String mongo, String es, String influx) throws Exception {
    await("MongoDB", () -> {
      try (MongoClient client = MongoClients.create(mongo)) {
        client.getDatabase("admin").runCommand(new Document("ping", 1));
      }
    });
    await("Elasticsearch", () -> http("GET", es + "/_cluster/health?wait_for_status=yellow&timeout=5s", null, 200));
    await("InfluxDB", () -> http("GET", influx + "/ping", null, 204));
  }

  interface Probe {
    void run() throws Exception;
  }

  static void await(String what, Probe probe) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (true) {
      try {
        probe.run();
        System.err.println("StackData: " + what + " answers");
        return;
      } catch (Exception e) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(what + " did not answer within 120 s: " + e.getMessage(), e);
        }
        Thread.sleep(1000);
      }
    }
  }

  static String env(String name) {
    String v = System.getenv(name);
    if (v == null || v.isBlank()) {
      System.err.println("StackData: " + name + " is not set");
      System.exit(2);
    }
    return v;
  }

  // --- MongoDB ------------------------------------------------------------------------------

  static void seedMongo(String uri) {
    try (MongoClient client = MongoClients.create(uri)) {
      for (String db : MONGO_DBS) {
        client.getDatabase(db).drop();
      }
      MongoDatabase hearth = client.getDatabase("hearth-dev");
      List<Document> patients = new ArrayList<>();
      for (int i = 0; i < 1500; i++) {
        patients.add(new Document("_id", "patient-" + i).append("resourceType", "Patient").append("id", "p" + i)
            .append("name", List.of(new Document("given", List.of("Child" + i)).append("family", "Banda" + i % 17)))
            .append("gender", i % 2 == 0 ? "female" : "male")
            .append("birthDate", "2026-0" + (1 + i % 9) + "-1" + (i % 9))
            .append("multipleBirthInteger", i % 3)
            .append("deceasedBoolean", i % 50 == 0));
      }
      hearth.getCollection("Patient").insertMany(patients);
      hearth.getCollection("Patient").createIndex(Indexes.ascending("id"), new IndexOptions().unique(true));
      List<Document> compositions = new ArrayList<>();
      List<Document> tasks = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        compositions.add(new Document("_id", "composition-" + i).append("resourceType", "Composition")
            .append("id", "c" + i).append("title", i % 3 == 0 ? "Death Declaration" : "Birth Declaration")
            .append("section", List.of(new Document("entry", List.of(new Document("reference", "Patient/p" + i))))));
        tasks.add(new Document("_id", "task-" + i).append("resourceType", "Task").append("id", "t" + i)
            .append("businessStatus", new Document("code", List.of("DECLARED", "VALIDATED", "REGISTERED").get(i % 3)))
            .append("lastModified", "2026-10-" + String.format("%02d", 1 + i % 28) + "T10:00:00.000Z")
            .append("focus", new Document("reference", "Composition/c" + i)));
      }
      hearth.getCollection("Composition").insertMany(compositions);
      hearth.getCollection("Composition").createIndex(Indexes.ascending("id"));
      hearth.getCollection("Task").insertMany(tasks);
      hearth.getCollection("Task").createIndex(Indexes.compoundIndex(
          Indexes.ascending("businessStatus.code"), Indexes.descending("lastModified")));
      List<Document> locations = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        locations.add(new Document("_id", "location-" + i).append("resourceType", "Location")
            .append("name", "Office " + i).append("partOf", new Document("reference", "Location/" + i / 10)));
      }
      hearth.getCollection("Location").insertMany(locations);
      hearth.createCollection("Practitioner"); // empty, and must come back empty

      MongoDatabase users = client.getDatabase("user-mgnt");
      List<Document> people = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        people.add(new Document("username", "user." + i).append("role", i % 4 == 0 ? "LOCAL_REGISTRAR" : "FIELD_AGENT")
            .append("status", "active").append("creationDate", 1_700_000_000_000L + i));
      }
      users.getCollection("users").insertMany(people);
      users.getCollection("users").createIndex(Indexes.ascending("username"), new IndexOptions().unique(true));
      users.getCollection("roles").insertOne(new Document("_id", "LOCAL_REGISTRAR").append("scopes", List.of("register")));

      MongoDatabase config = client.getDatabase("application-config");
      config.getCollection("configs").insertOne(new Document("APPLICATION_NAME", "Farajaland CRVS")
          .append("BIRTH", new Document("REGISTRATION_TARGET", 30).append("LATE_REGISTRATION_TARGET", 365)));
      config.getCollection("certificates").insertMany(List.of(
          new Document("event", "birth").append("svgCode", "<svg>birth</svg>"),
          new Document("event", "death").append("svgCode", "<svg>death</svg>")));

      MongoDatabase openhim = client.getDatabase("openhim-dev");
      for (String channel : List.of("Search", "Workflow", "Gateway", "Metrics", "Webhooks")) {
        openhim.getCollection("channels").insertOne(new Document("name", channel).append("urlPattern", "^/" + channel));
      }
      System.err.println("StackData: seeded MongoDB (hearth-dev 2360 documents, user-mgnt 41, application-config 3,"
          + " openhim-dev 5)");
    }
  }

  static void changeMongo(String uri) {
    try (MongoClient client = MongoClients.create(uri)) {
      MongoDatabase hearth = client.getDatabase("hearth-dev");
      hearth.getCollection("Patient").updateMany(new Document("gender", "female"),
          new Document("$set", new Document("gender", "unknown")));
      hearth.getCollection("Composition").drop();
      hearth.getCollection("Task").insertOne(new Document("_id", "task-new").append("resourceType", "Task"));
      client.getDatabase("user-mgnt").getCollection("users").deleteMany(new Document("role", "FIELD_AGENT"));
      client.getDatabase("application-config").drop();
      System.err.println("StackData: changed MongoDB (Patients updated, Composition dropped, a Task added,"
          + " users deleted, application-config dropped)");
    }
  }

  static void fingerprintMongo(String uri, List<String> out) throws Exception {
    JsonWriterSettings relaxed = JsonWriterSettings.builder().build();
    try (MongoClient client = MongoClients.create(uri)) {
      for (String dbName : MONGO_DBS) {
        MongoDatabase db = client.getDatabase(dbName);
        List<String> names = new ArrayList<>();
        db.listCollectionNames().into(names);
        names.removeIf(n -> n.startsWith("system."));
        names.sort(null);
        if (names.isEmpty()) {
          out.add("mongo " + dbName + " (no collections)");
        }
        for (String name : names) {
          MessageDigest sha = MessageDigest.getInstance("SHA-256");
          long n = 0;
          for (Document d : db.getCollection(name).find().sort(new Document("_id", 1))) {
            sha.update(d.toJson(relaxed).getBytes(StandardCharsets.UTF_8));
            sha.update((byte) '\n');
            n++;
          }
          TreeMap<String, String> indexes = new TreeMap<>();
          for (Document ix : db.getCollection(name).listIndexes()) {
            Document spec = new Document("key", ix.get("key"));
            for (String option : List.of("unique", "expireAfterSeconds", "partialFilterExpression", "sparse")) {
              if (ix.containsKey(option)) {
                spec.append(option, ix.get(option));
              }
            }
            indexes.put(ix.getString("name"), spec.toJson(relaxed));
          }
          out.add("mongo " + dbName + "." + name + " documents=" + n + " sha256=" + hex(sha) + " indexes=" + indexes);
        }
      }
    }
  }

  // --- Elasticsearch ------------------------------------------------------------------------

  static void seedElastic(String url) throws Exception {
    for (String index : ES_INDICES) {
      http("DELETE", url + "/" + index + "?ignore_unavailable=true", null, 200, 404);
    }
    http("PUT", url + "/ocrvs", """
        {"settings":{"number_of_shards":1,"number_of_replicas":0},
         "mappings":{"properties":{"event":{"type":"keyword"},"name":{"type":"text"},
           "registrationNumber":{"type":"keyword"},"dateOfEvent":{"type":"date"},"childAge":{"type":"integer"}}}}
        """, 200);
    http("PUT", url + "/ocrvs-audit", """
        {"settings":{"number_of_shards":1,"number_of_replicas":0}}""", 200);
    StringBuilder bulk = new StringBuilder();
    for (int i = 0; i < 300; i++) {
      bulk.append("{\"index\":{\"_index\":\"ocrvs\",\"_id\":\"r").append(i).append("\"}}\n")
          .append("{\"event\":\"").append(i % 4 == 0 ? "death" : "birth").append("\",\"name\":\"Child ").append(i)
          .append(" Banda\",\"registrationNumber\":\"2026BR").append(String.format("%06d", i))
          .append("\",\"dateOfEvent\":\"2026-10-").append(String.format("%02d", 1 + i % 28))
          .append("\",\"childAge\":").append(i % 18).append("}\n");
    }
    for (int i = 0; i < 50; i++) {
      bulk.append("{\"index\":{\"_index\":\"ocrvs-audit\",\"_id\":\"a").append(i).append("\"}}\n")
          .append("{\"action\":\"VIEWED\",\"user\":\"user.").append(i % 7).append("\"}\n");
    }
    JsonNode result = JSON.readTree(http("POST", url + "/_bulk?refresh=true", bulk.toString(), 200));
    if (result.path("errors").asBoolean(true)) {
      throw new IllegalStateException("bulk indexing failed: " + result);
    }
    System.err.println("StackData: seeded Elasticsearch (ocrvs 300 documents, ocrvs-audit 50)");
  }

  static void changeElastic(String url) throws Exception {
    StringBuilder deletes = new StringBuilder(); // the death records (no _delete_by_query without the reindex module)
    for (int i = 0; i < 300; i += 4) {
      deletes.append("{\"delete\":{\"_index\":\"ocrvs\",\"_id\":\"r").append(i).append("\"}}\n");
    }
    http("POST", url + "/_bulk?refresh=true", deletes.toString(), 200);
    http("PUT", url + "/ocrvs/_doc/new-record?refresh=true", "{\"event\":\"birth\",\"name\":\"Added later\"}", 201);
    http("DELETE", url + "/ocrvs-audit", null, 200);
    System.err.println("StackData: changed Elasticsearch (death records deleted, one added, ocrvs-audit deleted)");
  }

  static void fingerprintElastic(String url, List<String> out) throws Exception {
    for (String index : ES_INDICES) {
      String body = http("GET", url + "/" + index + "/_search?size=10000", "{\"query\":{\"match_all\":{}}}", 200, 404);
      JsonNode result = JSON.readTree(body);
      if (result.has("error")) {
        out.add("elasticsearch " + index + " (missing)");
        continue;
      }
      TreeMap<String, String> docs = new TreeMap<>();
      for (JsonNode hit : result.path("hits").path("hits")) {
        docs.put(hit.path("_id").asText(), canonical(hit.path("_source")));
      }
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      docs.forEach((id, source) -> sha.update((id + " " + source + "\n").getBytes(StandardCharsets.UTF_8)));
      JsonNode mapping = JSON.readTree(http("GET", url + "/" + index + "/_mapping", null, 200)).path(index).path("mappings");
      out.add("elasticsearch " + index + " documents=" + docs.size() + " sha256=" + hex(sha)
          + " mapping=" + canonical(mapping));
    }
  }

  // --- InfluxDB -----------------------------------------------------------------------------

  static void seedInflux(String url) throws Exception {
    influxQuery(url, "POST", "DROP DATABASE \"" + INFLUX_DB + "\"");
    influxQuery(url, "POST", "CREATE DATABASE \"" + INFLUX_DB + "\"");
    StringBuilder lines = new StringBuilder();
    // 60 days of hourly registrations and two-hourly declarations: several 7-day shards.
    for (int h = 0; h < 60 * 24; h++) {
      long t = ORIGIN + h * 3600L;
      lines.append("registrations,eventType=").append(h % 5 == 0 ? "DEATH" : "BIRTH")
          .append(",officeLocation=office-").append(h % 6)
          .append(" count=").append(h % 9).append("i,ageInDays=").append(h * 0.25)
          .append(",late=").append(h % 11 == 0).append(",registrarId=\"user.").append(h % 7).append("\" ")
          .append(t).append('\n');
      if (h % 2 == 0) {
        lines.append("declarations_started,status=").append(h % 4 == 0 ? "DECLARED" : "IN_PROGRESS")
            .append(" total=").append(h % 13).append("i ").append(t).append('\n');
      }
    }
    http("POST", url + "/write?db=" + INFLUX_DB + "&precision=s", lines.toString(), 204);
    System.err.println("StackData: seeded InfluxDB (ocrvs: registrations 1440 points, declarations_started 720)");
  }

  static void changeInflux(String url) throws Exception {
    influxQuery(url, "POST", "DROP MEASUREMENT \"declarations_started\"");
    http("POST", url + "/write?db=" + INFLUX_DB + "&precision=s",
        "registrations,eventType=BIRTH,officeLocation=office-9 count=1i " + (ORIGIN + 7200) + "\n", 204);
    System.err.println("StackData: changed InfluxDB (declarations_started dropped, a point added)");
  }

  static void fingerprintInflux(String url, List<String> out) throws Exception {
    JsonNode measurements = JSON.readTree(influxQuery(url, "GET", "SHOW MEASUREMENTS ON \"" + INFLUX_DB + "\""));
    List<String> names = new ArrayList<>();
    for (JsonNode row : measurements.path("results").path(0).path("series").path(0).path("values")) {
      names.add(row.path(0).asText());
    }
    names.sort(null);
    if (names.isEmpty()) {
      out.add("influxdb " + INFLUX_DB + " (no measurements)");
    }
    for (String m : names) {
      JsonNode result = JSON.readTree(influxQuery(url, "GET",
          "SELECT * FROM \"" + INFLUX_DB + "\".\"autogen\".\"" + m + "\""));
      JsonNode series = result.path("results").path(0).path("series").path(0);
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(canonical(series.path("columns")).getBytes(StandardCharsets.UTF_8));
      int n = 0;
      for (JsonNode row : series.path("values")) {
        sha.update(canonical(row).getBytes(StandardCharsets.UTF_8));
        n++;
      }
      out.add("influxdb " + INFLUX_DB + "." + m + " points=" + n + " sha256=" + hex(sha));
    }
  }

  static String influxQuery(String url, String method, String q) throws Exception {
    String query = "q=" + URLEncoder.encode(q, StandardCharsets.UTF_8) + "&epoch=ns";
    return method.equals("GET")
        ? http("GET", url + "/query?" + query, null, 200)
        : http("POST", url + "/query?" + query, "", 200);
  }

  // --- helpers --------------------------------------------------------------------------------

  static String http(String method, String url, String body, int... ok) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
        .header("Content-Type", url.contains("/_bulk") ? "application/x-ndjson" : "application/json");
    request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    for (int code : ok) {
      if (response.statusCode() == code) {
        return response.body();
      }
    }
    throw new IllegalStateException(method + " " + url.replaceAll("//[^/@]*@", "//") + " answered "
        + response.statusCode() + ": " + response.body());
  }

  static String canonical(JsonNode node) throws Exception {
    Object tree = JSON.treeToValue(node, Object.class); // maps become LinkedHashMaps; sorted on write
    return JSON.writeValueAsString(tree instanceof Map<?, ?> m ? new TreeMap<>(m) : tree);
  }

  static String hex(MessageDigest sha) {
    return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
  }
}
