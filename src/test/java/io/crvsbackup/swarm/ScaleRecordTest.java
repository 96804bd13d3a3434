package io.crvsbackup.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScaleRecordTest {
  private static final ScaleRecord RECORD = new ScaleRecord("opencrvs", List.of(
      new ScaleRecord.Entry("k3v1", "opencrvs_gateway", 2), new ScaleRecord.Entry("x9z2", "opencrvs_search", 3)));

  @Test
  void roundTripsThroughJson() throws Exception {
    String json = RECORD.toJson().toString();
    assertThat(json).isEqualTo("{\"stack\":\"opencrvs\",\"services\":[{\"id\":\"k3v1\",\"name\":\"opencrvs_gateway\","
        + "\"replicas\":2},{\"id\":\"x9z2\",\"name\":\"opencrvs_search\",\"replicas\":3}]}");
    assertThat(ScaleRecord.fromJson(new ObjectMapper().readTree(json))).isEqualTo(RECORD);
    // a plain ObjectMapper, as the journal writer would use, gives the same
    assertThat(new ObjectMapper().readValue(new ObjectMapper().writeValueAsString(RECORD), ScaleRecord.class))
        .isEqualTo(RECORD);
  }

  @Test
  void unknownFieldsAreIgnoredForLaterVersions() throws Exception {
    var json = new ObjectMapper().readTree("{\"stack\":\"s\",\"at\":\"2026-01-01\",\"services\":"
        + "[{\"id\":\"a\",\"name\":\"s_a\",\"replicas\":1,\"mode\":\"replicated\"}]}");
    assertThat(ScaleRecord.fromJson(json).services()).containsExactly(new ScaleRecord.Entry("a", "s_a", 1));
  }

  @Test
  void aDamagedRecordIsRefusedWithAReason() throws Exception {
    ObjectMapper m = new ObjectMapper();
    assertThatThrownBy(() -> ScaleRecord.fromJson(m.readTree("{\"stack\":\"s\"}")))
        .isInstanceOf(SwarmException.class).hasMessageContaining("the journal's swarm record cannot be read")
        .hasMessageContaining("services");
    assertThatThrownBy(() -> ScaleRecord.fromJson(m.readTree("{\"stack\":\"s\",\"services\":[{\"id\":\"a\",\"name\":\"b\",\"replicas\":-1}]}")))
        .hasMessageContaining("replicas of b is negative");
    assertThatThrownBy(() -> ScaleRecord.fromJson(m.readTree("[1]"))).hasMessageContaining("cannot be read");
  }
}
