package io.crvsbackup.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LabelTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "2026-11-25", "2028-02-29", "2026-12-31", "2027-01-01", "pre-upgrade", "v1.4.0", "a", "0day",
        "before_restore", "2026-11-25-manual", "20261125", "mondays", "latest2",
      })
  void aValidLabelParsesToItself(String text) throws Exception {
    assertThat(Label.parse(text).value()).isEqualTo(text);
  }

  @Test
  void aLabelMayBeOneHundredCharactersButNotMore() throws Exception {
    String hundred = "a".repeat(100);

    assertThat(Label.parse(hundred).value()).isEqualTo(hundred);
    assertThatThrownBy(() -> Label.parse(hundred + "a")).isInstanceOf(BadInputException.class);
  }

  @ParameterizedTest(name = "''{0}''")
  @CsvSource(
      delimiter = '|',
      value = {
        "''               | must not be empty",
        "Pre-Upgrade      | lowercase",
        "UPPER            | lowercase",
        "Latest           | lowercase",
        "-leading-dash    | starting with a letter or digit",
        ".hidden          | starting with a letter or digit",
        "_x               | starting with a letter or digit",
        "with space       | lowercase a-z, 0-9",
        "a/b              | lowercase a-z, 0-9",
        "../x             | lowercase a-z, 0-9",
        "é-label          | lowercase a-z, 0-9",
        "snapshot*        | lowercase a-z, 0-9",
        "latest           | cannot be a label: restore reads it as a day",
        "monday           | cannot be a label",
        "tuesday          | cannot be a label",
        "wednesday        | cannot be a label",
        "thursday         | cannot be a label",
        "friday           | cannot be a label",
        "saturday         | cannot be a label",
        "sunday           | cannot be a label",
        "2026-02-30       | not a valid date",
        "2026-2-3         | not a valid date",
        "2026-02-3        | not a valid date",
        "2027-02-29       | not a valid date",
        "2026-13-01       | not a valid date",
        "2026-11-31       | not a valid date",
        "2026-00-10       | not a valid date",
      })
  void anInvalidLabelIsBadInputSayingWhy(String text, String expected) {
    assertThatThrownBy(() -> Label.parse(text))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining(expected);
  }

  @Test
  void theMessageForABadDateQuotesItAndShowsTheFormat() {
    assertThatThrownBy(() -> Label.parse("2026-02-30"))
        .hasMessageContaining("'2026-02-30'")
        .hasMessageContaining("YYYY-MM-DD");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"2026-11-25", "2028-02-29", "2026-12-31", "2000-02-29"})
  void aDateLabelKnowsItsDate(String text) throws Exception {
    Label label = Label.parse(text);

    assertThat(label.date()).contains(LocalDate.parse(text));
    assertThat(Label.ofDate(LocalDate.parse(text))).isEqualTo(label);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"pre-upgrade", "20261125", "2026-11-25-manual", "v2026.11.25"})
  void anOperatorLabelHasNoDate(String text) throws Exception {
    assertThat(Label.parse(text).date()).isEmpty();
  }

  @Test
  void ofDatePadsMonthAndDay() {
    assertThat(Label.ofDate(LocalDate.of(2026, 2, 3)).value()).isEqualTo("2026-02-03");
  }

  @Test
  void theConstructorRefusesWhatParseWouldRefuseByShape() {
    assertThatThrownBy(() -> new Label("Bad")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Label("")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void labelsOrderByTheirTextSoDatesOrderByDay() throws Exception {
    assertThat(Label.parse("2026-11-25")).isLessThan(Label.parse("2026-11-26"));
    assertThat(Label.parse("2026-12-31")).isLessThan(Label.parse("2027-01-01"));
    assertThat(Label.parse("2026-11-25")).hasToString("2026-11-25");
  }
}
