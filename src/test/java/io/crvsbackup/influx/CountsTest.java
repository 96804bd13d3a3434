package io.crvsbackup.influx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CountsTest {
  static Counts counts(long series, long age, long name) {
    return new Counts(Map.of("registrations", series),
        Map.of("autogen", Map.of("registrations", Map.of("age", age, "name", name))));
  }

  @Test
  void equalCountsHaveNoDifferences() {
    assertThat(Counts.differences(counts(6, 100, 90), counts(6, 100, 90), counts(6, 100, 90))).isEmpty();
  }

  @Test
  void countsWithinTheRangeTakenBeforeAndAfterTheExportAreAccepted() {
    assertThat(Counts.differences(counts(6, 100, 90), counts(7, 110, 95), counts(7, 104, 90))).isEmpty();
    assertThat(Counts.differences(counts(7, 110, 95), counts(6, 100, 90), counts(6, 104, 90))).isEmpty();
  }

  @Test
  void differencesNameTheMeasurementAndField() {
    assertThat(Counts.differences(counts(6, 100, 90), counts(6, 100, 90), counts(5, 100, 80)))
        .containsExactly("measurement \"registrations\": series 5, the backup recorded 6",
            "\"autogen\".\"registrations\" field \"name\": values 80, the backup recorded 90");
    assertThat(Counts.differences(counts(6, 100, 90), counts(6, 110, 90), counts(6, 99, 90)))
        .containsExactly("\"autogen\".\"registrations\" field \"age\": values 99, the backup recorded 100 to 110");
  }

  @Test
  void missingAndExtraMeasurementsAreDifferences() {
    Counts none = new Counts(Map.of(), Map.of());
    assertThat(Counts.differences(counts(1, 2, 3), counts(1, 2, 3), none)).hasSize(3);
    assertThat(Counts.differences(none, none, counts(1, 2, 3))).hasSize(3);
  }

  @Test
  void pointsAreTheLargestFieldCount() {
    assertThat(counts(6, 100, 90).totalPoints()).isEqualTo(100);
    assertThat(Counts.points(Map.of())).isZero();
  }
}
