import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;

/** Seeds OpenCRVS-shaped documents into the local MongoDB-wire server for scripts/run-local. */
public class Seed {
  public static void main(String[] args) {
    try (MongoClient client = MongoClients.create(args[0])) {
      var hearth = client.getDatabase("hearth-dev");
      hearth.drop();
      List<Document> patients = new ArrayList<>();
      for (int i = 0; i < 500; i++) {
        patients.add(new Document("resourceType", "Patient").append("id", "p" + i)
            .append("name", List.of(new Document("given", List.of("Child" + i)).append("family", "Banda")))
            .append("birthDate", "2026-0" + (1 + i % 9) + "-1" + (i % 9)));
      }
      hearth.getCollection("Patient").insertMany(patients);
      hearth.getCollection("Composition").insertOne(new Document("resourceType", "Composition").append("id", "c1"));
      var users = client.getDatabase("user-mgnt");
      users.drop();
      users.getCollection("users").insertOne(new Document("username", "k.bwalya").append("role", "LOCAL_REGISTRAR"));
      var config = client.getDatabase("application-config");
      config.drop();
      config.getCollection("configs").insertOne(new Document("APPLICATION_NAME", "Farajaland CRVS"));
      var openhim = client.getDatabase("openhim-dev");
      openhim.drop();
      openhim.getCollection("channels").insertOne(new Document("name", "Search"));
      System.err.println("seeded hearth-dev (501 documents), user-mgnt, application-config, openhim-dev");
    }
  }
}
