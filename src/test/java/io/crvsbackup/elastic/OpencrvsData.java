package io.crvsbackup.elastic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * OpenCRVS-shaped search data under a unique prefix: {@code <p>-ocrvs} (the search service's
 * compositions: a declaration per document, with the fields OpenCRVS 1.x indexes), {@code <p>-events_birth}
 * (an events index of OpenCRVS 1.9+, one record per event with nested actions) and {@code <p>-locations}
 * (admin structure and offices), a few thousand documents in all, the same for the same seed.
 */
final class OpencrvsData {
  static final int COMPOSITIONS = 1800;
  static final int EVENTS = 900;
  static final int LOCATIONS = 300;
  private static final String[] FIRST = {"Ama", "Kofi", "Esi", "Yaw", "Abena", "Kwame", "Akosua", "Kojo", "Efua"};
  private static final String[] LAST = {"Mensah", "Owusu", "Boateng", "Asante", "Osei", "Appiah", "Danso"};
  private static final String[] STATUS = {"DECLARED", "VALIDATED", "REGISTERED", "CERTIFIED", "REJECTED"};

  final String prefix;
  private final Random random;

  OpencrvsData(String prefix, long seed) {
    this.prefix = prefix;
    this.random = new Random(seed);
  }

  String compositions() {
    return prefix + "-ocrvs";
  }

  String events() {
    return prefix + "-events_birth";
  }

  String locations() {
    return prefix + "-locations";
  }

  List<String> indices() {
    return List.of(compositions(), events(), locations());
  }

  /** Creates the three indices with mappings like OpenCRVS's and fills them. */
  void load(EsNode node) {
    node.createIndex(compositions(), """
        {"settings":{"number_of_shards":2,"number_of_replicas":0},
         "mappings":{"properties":{
           "compositionId":{"type":"keyword"},"event":{"type":"keyword"},"type":{"type":"keyword"},
           "trackingId":{"type":"keyword"},"registrationNumber":{"type":"keyword"},
           "childFirstNames":{"type":"text","fields":{"keyword":{"type":"keyword"}}},
           "childFamilyName":{"type":"text"},"childDoB":{"type":"date"},"gender":{"type":"keyword"},
           "eventLocationId":{"type":"keyword"},"declarationLocationId":{"type":"keyword"},
           "contactNumber":{"type":"keyword"},"dateOfDeclaration":{"type":"date"},
           "createdBy":{"type":"keyword"},"modifiedAt":{"type":"date"},"name":{"type":"text"}}}}""");
    node.createIndex(events(), """
        {"settings":{"number_of_shards":1,"number_of_replicas":0},
         "mappings":{"properties":{
           "id":{"type":"keyword"},"type":{"type":"keyword"},"status":{"type":"keyword"},
           "createdAt":{"type":"date"},"updatedAt":{"type":"date"},"trackingId":{"type":"keyword"},
           "actions":{"type":"nested","properties":{"type":{"type":"keyword"},"createdAt":{"type":"date"},
             "createdBy":{"type":"keyword"}}},
           "declaration":{"type":"object","dynamic":true}}}}""");
    node.createIndex(locations(), """
        {"settings":{"number_of_shards":1,"number_of_replicas":0},
         "mappings":{"properties":{"id":{"type":"keyword"},"name":{"type":"text"},
           "type":{"type":"keyword"},"partOf":{"type":"keyword"},"status":{"type":"keyword"},
           "location":{"type":"geo_point"}}}}""");
    node.bulk(compositions(), compositions(COMPOSITIONS, 0));
    node.bulk(events(), events(EVENTS, 0));
    node.bulk(locations(), locations(LOCATIONS, 0));
  }

  Map<String, JsonNode> compositions(int n, int from) {
    Map<String, JsonNode> docs = new LinkedHashMap<>();
    for (int i = from; i < from + n; i++) {
      String id = String.format("c%06d", i);
      ObjectNode d = EsNode.JSON.createObjectNode();
      LocalDate dob = LocalDate.of(2020, 1, 1).plusDays(random.nextInt(1500));
      d.put("compositionId", id).put("event", random.nextInt(5) == 0 ? "Death" : "Birth").put("type", pick(STATUS))
          .put("trackingId", "B" + Integer.toString(100000 + i, 36).toUpperCase())
          .put("childFirstNames", pick(FIRST)).put("childFamilyName", pick(LAST)).put("childDoB", dob.toString())
          .put("gender", random.nextBoolean() ? "female" : "male").put("eventLocationId", "loc" + random.nextInt(LOCATIONS))
          .put("declarationLocationId", "office" + random.nextInt(20)).put("contactNumber", "+2335" + (10000000 + i))
          .put("dateOfDeclaration", dob.plusDays(random.nextInt(60)) + "T10:00:00Z")
          .put("createdBy", "user" + random.nextInt(40)).put("modifiedAt", 1_700_000_000_000L + i * 1000L);
      d.putArray("name").add(d.get("childFirstNames").asText()).add(d.get("childFamilyName").asText());
      docs.put(id, d);
    }
    return docs;
  }

  Map<String, JsonNode> events(int n, int from) {
    Map<String, JsonNode> docs = new LinkedHashMap<>();
    for (int i = from; i < from + n; i++) {
      String id = "ev-" + i;
      ObjectNode d = EsNode.JSON.createObjectNode();
      d.put("id", id).put("type", "v2.birth").put("status", pick(STATUS))
          .put("createdAt", "2025-0" + (1 + random.nextInt(9)) + "-1" + random.nextInt(10) + "T08:00:00Z")
          .put("trackingId", "T" + i);
      var actions = d.putArray("actions");
      for (int a = 0; a < 1 + random.nextInt(3); a++) {
        actions.addObject().put("type", a == 0 ? "CREATE" : "DECLARE").put("createdBy", "user" + random.nextInt(40))
            .put("createdAt", "2025-01-0" + (1 + a) + "T09:00:00Z");
      }
      d.putObject("declaration").put("child.firstname", pick(FIRST)).put("child.surname", pick(LAST))
          .put("child.weightAtBirth", 2.5 + random.nextInt(20) / 10.0);
      docs.put(id, d);
    }
    return docs;
  }

  Map<String, JsonNode> locations(int n, int from) {
    Map<String, JsonNode> docs = new LinkedHashMap<>();
    for (int i = from; i < from + n; i++) {
      String id = "loc" + i;
      ObjectNode d = EsNode.JSON.createObjectNode();
      d.put("id", id).put("name", pick(LAST) + " " + (i % 3 == 0 ? "District" : "Office"))
          .put("type", i % 3 == 0 ? "ADMIN_STRUCTURE" : "CRVS_OFFICE").put("partOf", "loc" + (i / 10))
          .put("status", "active");
      d.putObject("location").put("lat", 5.5 + random.nextDouble()).put("lon", -0.2 + random.nextDouble());
      docs.put(id, d);
    }
    return docs;
  }

  private String pick(String[] values) {
    return values[random.nextInt(values.length)];
  }
}
