package io.crvsbackup.influx;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InfluxQlTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "ocrvs|\"ocrvs\"",
      "my db|\"my db\"",
      "a\"b|\"a\\\"b\"",
      "x\"; DROP DATABASE ocrvs; --|\"x\\\"; DROP DATABASE ocrvs; --\"",
      "back\\slash|\"back\\\\slash\"",
      "it's|\"it's\"",
      "é✓|\"é✓\""})
  void quotesIdentifiersWithTheOnlyEscapesInfluxQlKnows(String name, String quoted) {
    assertThat(InfluxQl.ident(name)).isEqualTo(quoted);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "cpu,host=a|cpu",
      "cpu|cpu",
      "user\\ logins,role=field\\,agent|user logins",
      "a\\,b,t=1|a,b",
      "a\\b,t=1|a\\b"})
  void readsTheMeasurementOfASeriesKey(String key, String measurement) {
    assertThat(InfluxQl.measurementOfSeriesKey(key)).isEqualTo(measurement);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "ocrvs|autogen|SELECT count(*) FROM \"ocrvs\".\"autogen\"./.*/",
      "a\"b|r p|SELECT count(*) FROM \"a\\\"b\".\"r p\"./.*/"})
  void countsEveryMeasurementOfARetentionPolicy(String db, String rp, String q) {
    assertThat(InfluxQl.countAll(db, rp)).isEqualTo(q);
  }

  @org.junit.jupiter.api.Test
  void escapesNewlines() {
    assertThat(InfluxQl.ident("two\nlines")).isEqualTo("\"two\\nlines\"");
  }
}
