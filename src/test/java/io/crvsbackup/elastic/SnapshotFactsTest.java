package io.crvsbackup.elastic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapshotFactsTest {
  private static final SnapshotFacts FACTS = new SnapshotFacts("http://elasticsearch:9200", "8.16.4", "ocrvs",
      "/data/backups/elasticsearch", "snapshot_2026-11-25", "Yp3Yx0ZtQx2f8uD1Zr3N9w", "SUCCESS", 8521000,
      List.of("ocrvs*", "events_*"),
      Map.of("ocrvs", SnapshotFacts.Docs.exact(1234), "events_birth", SnapshotFacts.Docs.between(57, 55)),
      3, 5_242_880, 65_536, Instant.parse("2026-11-25T00:00:01Z"), Instant.parse("2026-11-25T00:00:09Z"));

  @Test
  void writesTheManifestEntryAndReadsItBack() {
    JsonNode json = FACTS.toJson();

    assertThat(json.toString()).isEqualTo("{\"server\":\"http://elasticsearch:9200\",\"serverVersion\":\"8.16.4\","
        + "\"repository\":\"ocrvs\",\"location\":\"/data/backups/elasticsearch\",\"snapshot\":\"snapshot_2026-11-25\","
        + "\"uuid\":\"Yp3Yx0ZtQx2f8uD1Zr3N9w\",\"state\":\"SUCCESS\",\"snapshotVersionId\":8521000,"
        + "\"selection\":[\"ocrvs*\",\"events_*\"],"
        + "\"indices\":{\"events_birth\":{\"docs\":55,\"docsMax\":57},\"ocrvs\":{\"docs\":1234}},"
        + "\"documents\":1289,\"shards\":3,\"bytes\":5242880,\"incrementalBytes\":65536,"
        + "\"started\":\"2026-11-25T00:00:01Z\",\"finished\":\"2026-11-25T00:00:09Z\"}");
    assertThat(SnapshotFacts.from(json)).contains(FACTS);
  }

  @Test
  void aManifestEntryWithoutSnapshotAndUuidHasNoFacts() {
    assertThat(SnapshotFacts.from(null)).isEmpty();
    assertThat(SnapshotFacts.from(EsNode.JSON.createObjectNode().put("ok", false).put("error", "x"))).isEmpty();
    assertThat(SnapshotFacts.from(EsNode.JSON.createObjectNode().put("snapshot", "snapshot_x"))).isEmpty();
  }

  @Test
  void aCountRangeAcceptsEveryCountInIt() {
    SnapshotFacts.Docs d = SnapshotFacts.Docs.between(57, 55);

    assertThat(d.accepts(55)).isTrue();
    assertThat(d.accepts(57)).isTrue();
    assertThat(d.accepts(58)).isFalse();
    assertThat(d).hasToString("55 to 57");
    assertThat(SnapshotFacts.Docs.exact(4)).hasToString("4");
  }
}
