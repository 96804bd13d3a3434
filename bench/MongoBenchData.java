import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.bson.Document;
import org.bson.RawBsonDocument;

/**
 * Generates an OpenCRVS-shaped dataset of about the given size (MB of BSON) for the benchmark:
 * FHIR-like Composition, Patient, Task, Observation and Location documents in PREFIX-hearth, users in
 * PREFIX-user-mgnt, configuration in PREFIX-config. Deterministic (fixed seed).
 *
 * <p>Usage: java -cp crvs-backup.jar bench/MongoBenchData.java MONGODB_URI PREFIX SIZE_MB
 */
public class MongoBenchData {
  private static final String[] GIVEN = {"Ngozi", "Kofi", "Amara", "Chipo", "Tendai", "Zanele", "Kwame", "Asha"};
  private static final String[] FAMILY = {"Okafor", "Mensah", "Banda", "Phiri", "Mwale", "Dlamini", "Nkosi"};

  public static void main(String[] args) {
    String uri = args[0];
    String prefix = args[1];
    long targetBytes = Long.parseLong(args[2]) * 1024L * 1024L;
    Random random = new Random(42);
    long written = 0;
    long docs = 0;
    try (MongoClient client = MongoClients.create(uri)) {
      var hearth = client.getDatabase(prefix + "-hearth");
      hearth.drop();
      client.getDatabase(prefix + "-user-mgnt").drop();
      client.getDatabase(prefix + "-config").drop();
      MongoCollection<Document> location = hearth.getCollection("Location");
      List<Document> locations = new ArrayList<>();
      for (int i = 0; i < 500; i++) {
        locations.add(new Document("resourceType", "Location").append("id", UUID.nameUUIDFromBytes(("l" + i).getBytes()).toString())
            .append("name", "Office " + i).append("status", "active")
            .append("partOf", new Document("reference", "Location/" + (i / 20)))
            .append("position", new Document("longitude", 28.0 + random.nextDouble()).append("latitude", -15.0 + random.nextDouble())));
      }
      location.insertMany(locations);
      String[] names = {"Composition", "Patient", "Task", "Observation"};
      List<List<Document>> batches = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
      Instant base = Instant.parse("2020-01-01T00:00:00Z");
      while (written < targetBytes) {
        String id = new UUID(random.nextLong(), random.nextLong()).toString();
        Date when = Date.from(base.plus(random.nextInt(6 * 365 * 24), ChronoUnit.HOURS));
        Document patient = new Document("resourceType", "Patient").append("id", id)
            .append("name", List.of(new Document("use", "en").append("given", List.of(GIVEN[random.nextInt(GIVEN.length)]))
                .append("family", FAMILY[random.nextInt(FAMILY.length)])))
            .append("gender", random.nextBoolean() ? "male" : "female")
            .append("birthDate", when.toInstant().toString().substring(0, 10))
            .append("identifier", List.of(new Document("type", "BIRTH_REGISTRATION_NUMBER").append("value", Long.toString(random.nextLong(), 36))))
            .append("address", List.of(new Document("type", "PRIMARY_ADDRESS").append("line", List.of("12", "Independence Avenue", "", "Ibombo"))
                .append("district", "Ibombo").append("state", "Central").append("country", "FAR")));
        Document composition = new Document("resourceType", "Composition").append("id", UUID.randomUUID().toString())
            .append("status", "final").append("date", when)
            .append("type", new Document("coding", List.of(new Document("system", "http://opencrvs.org/doc-types").append("code", "birth-declaration"))))
            .append("subject", new Document("reference", "Patient/" + id))
            .append("section", sections(random, id));
        Document task = new Document("resourceType", "Task").append("id", UUID.randomUUID().toString())
            .append("status", "ready").append("lastModified", when)
            .append("focus", new Document("reference", "Composition/" + composition.getString("id")))
            .append("businessStatus", new Document("coding", List.of(new Document("code", "REGISTERED"))))
            .append("extension", List.of(new Document("url", "http://opencrvs.org/specs/extension/regLastUser").append("valueReference", "Practitioner/" + random.nextInt(200))));
        Document observation = new Document("resourceType", "Observation").append("id", UUID.randomUUID().toString())
            .append("code", new Document("coding", List.of(new Document("code", "3141-9").append("display", "Body weight Measured"))))
            .append("valueQuantity", new Document("value", 2.0 + random.nextDouble() * 3).append("unit", "kg"))
            .append("subject", new Document("reference", "Patient/" + id));
        Document[] four = {composition, patient, task, observation};
        for (int i = 0; i < 4; i++) {
          batches.get(i).add(four[i]);
          written += RawBsonDocument.parse(four[i].toJson()).getByteBuffer().remaining();
          docs++;
        }
        if (batches.get(0).size() >= 1000) {
          flush(hearth, names, batches);
        }
      }
      flush(hearth, names, batches);
      hearth.getCollection("Composition").createIndex(Indexes.ascending("date"));
      hearth.getCollection("Patient").createIndex(Indexes.ascending("id"), new IndexOptions().unique(true));
      hearth.getCollection("Task").createIndex(Indexes.compoundIndex(Indexes.ascending("status"), Indexes.descending("lastModified")));
      var users = client.getDatabase(prefix + "-user-mgnt").getCollection("users");
      List<Document> us = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        us.add(new Document("username", "user" + i).append("role", i % 3 == 0 ? "LOCAL_REGISTRAR" : "FIELD_AGENT")
            .append("passwordHash", Long.toHexString(random.nextLong())).append("primaryOfficeId", "Location/" + (i % 500)));
      }
      users.insertMany(us);
      client.getDatabase(prefix + "-config").getCollection("configs").insertOne(
          new Document("APPLICATION_NAME", "Farajaland CRVS").append("BIRTH", new Document("REGISTRATION_TARGET", 30)));
      System.out.printf("%d documents, %.1f MB of BSON%n", docs + 701, written / 1048576.0);
    }
  }

  private static List<Document> sections(Random random, String id) {
    List<Document> out = new ArrayList<>();
    for (String code : new String[] {"child-details", "mother-details", "father-details", "informant-details", "supporting-documents"}) {
      out.add(new Document("title", code).append("code", new Document("coding", List.of(new Document("code", code))))
          .append("entry", List.of(new Document("reference", "urn:uuid:" + new UUID(random.nextLong(), random.nextLong())))));
    }
    return out;
  }

  private static void flush(com.mongodb.client.MongoDatabase db, String[] names, List<List<Document>> batches) {
    for (int i = 0; i < names.length; i++) {
      if (!batches.get(i).isEmpty()) {
        db.getCollection(names[i]).insertMany(batches.get(i), new InsertManyOptions().ordered(false));
        batches.get(i).clear();
      }
    }
  }
}
