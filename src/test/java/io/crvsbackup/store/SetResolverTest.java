package io.crvsbackup.store;

import static io.crvsbackup.store.Sets.complete;
import static io.crvsbackup.store.Sets.imported;
import static io.crvsbackup.store.Sets.incomplete;
import static io.crvsbackup.store.Sets.set;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** 2026-11-16 and 2026-11-23 are Mondays, 2026-11-25 a Wednesday, 2026-11-26 a Thursday. */
class SetResolverTest {
  private static final List<BackupSet> WEEK =
      List.of(
          complete("2026-11-16"),
          imported("2026-11-19"),
          complete("2026-11-20"),
          incomplete("2026-11-23"),
          complete("2026-11-24"),
          complete("2026-11-25"),
          incomplete("2026-11-26"));

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    // a date: the set labelled with it, whatever its status
    "2026-11-25, 2026-11-25",
    "2026-11-19, 2026-11-19",
    "2026-11-26, 2026-11-26",
    // a weekday: the newest restorable set taken on that weekday
    "monday,     2026-11-16",
    "Monday,     2026-11-16",
    "tuesday,    2026-11-24",
    "wednesday,  2026-11-25",
    "thursday,   2026-11-19",
    "friday,     2026-11-20",
    // latest: the newest restorable set
    "latest,     2026-11-25",
    "LATEST,     2026-11-25",
  })
  void resolvesDatesWeekdaysAndLatest(String when, String expected) throws Exception {
    assertThat(SetResolver.resolve(when, WEEK).set().label().value()).isEqualTo(expected);
  }

  @Test
  void aWeekdayWhoseNewestSetFailedSkipsItAndSaysSo() throws Exception {
    Resolution r = SetResolver.resolve("monday", WEEK);

    assertThat(r.set().label().value()).isEqualTo("2026-11-16");
    assertThat(r.note()).hasValueSatisfying(n -> assertThat(n).contains("2026-11-23 incomplete"));
  }

  @Test
  void latestSkipsTheIncompleteNewestRunAndSaysSo() throws Exception {
    Resolution r = SetResolver.resolve("latest", WEEK);

    assertThat(r.set().label().value()).isEqualTo("2026-11-25");
    assertThat(r.note()).hasValueSatisfying(n -> assertThat(n).contains("2026-11-26 incomplete"));
  }

  @Test
  void noNoteWhenNothingWasSkipped() throws Exception {
    assertThat(SetResolver.resolve("wednesday", WEEK).note()).isEmpty();
    assertThat(SetResolver.resolve("2026-11-25", WEEK).note()).isEmpty();
  }

  @Test
  void aWeekdayPicksTheNewestOfSeveral() throws Exception {
    List<BackupSet> sets = List.of(complete("2026-11-09"), complete("2026-11-16"), complete("2026-11-23"));

    assertThat(SetResolver.resolve("monday", sets).set().label().value()).isEqualTo("2026-11-23");
  }

  @Test
  void aWeekdayWithOnlyFailedSetsIsAnErrorThatListsThem() {
    List<BackupSet> sets = List.of(complete("2026-11-25"), incomplete("2026-11-23"), incomplete("2026-11-16"));

    assertThatThrownBy(() -> SetResolver.resolve("monday", sets))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("no set taken on a monday is restorable")
        .hasMessageContaining("2026-11-23 incomplete")
        .hasMessageContaining("Sets that exist: 2026-11-25 (complete, wednesday)");
  }

  @Test
  void latestWithNothingRestorableIsAnError() {
    assertThatThrownBy(() -> SetResolver.resolve("latest", List.of(incomplete("2026-11-26"))))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("no set is restorable")
        .hasMessageContaining("2026-11-26");
  }

  @Test
  void importedSetsAreRestorable() throws Exception {
    List<BackupSet> sets = List.of(imported("2026-11-20"), imported("2026-11-23"), incomplete("2026-11-25"));

    assertThat(SetResolver.resolve("latest", sets).set().label().value()).isEqualTo("2026-11-23");
    assertThat(SetResolver.resolve("monday", sets).set().label().value()).isEqualTo("2026-11-23");
    assertThat(SetResolver.resolve("2026-11-20", sets).set().status()).isEqualTo(SetStatus.IMPORTED);
  }

  @Test
  void aLabelResolvesToThatSet() throws Exception {
    List<BackupSet> sets =
        List.of(complete("2026-11-24"), set("pre-upgrade", SetStatus.COMPLETE, "2026-11-25T14:00:00Z"));

    assertThat(SetResolver.resolve("pre-upgrade", sets).set().label().value()).isEqualTo("pre-upgrade");
  }

  @Test
  void aLabelledSetIsFoundByItsDayAndWeekday() throws Exception {
    List<BackupSet> sets =
        List.of(complete("2026-11-24"), set("pre-upgrade", SetStatus.COMPLETE, "2026-11-25T14:00:00Z"));

    assertThat(SetResolver.resolve("2026-11-25", sets).set().label().value()).isEqualTo("pre-upgrade");
    assertThat(SetResolver.resolve("wednesday", sets).set().label().value()).isEqualTo("pre-upgrade");
    assertThat(SetResolver.resolve("latest", sets).set().label().value()).isEqualTo("pre-upgrade");
  }

  @Test
  void aDateMeansTheSetLabelledWithItEvenWhenALabelledSetOfThatDayIsNewer() throws Exception {
    List<BackupSet> sets =
        List.of(
            complete("2026-11-25"),
            set("pre-upgrade", SetStatus.COMPLETE, "2026-11-25T14:00:00Z"),
            // a label that reads like the date but is not it
            set("2026-11-25-manual", SetStatus.COMPLETE, "2026-11-25T16:00:00Z"));

    assertThat(SetResolver.resolve("2026-11-25", sets).set().label().value()).isEqualTo("2026-11-25");
    assertThat(SetResolver.resolve("2026-11-25-manual", sets).set().label().value()).isEqualTo("2026-11-25-manual");
    assertThat(SetResolver.resolve("wednesday", sets).set().label().value()).isEqualTo("2026-11-25-manual");
  }

  @Test
  void aDateWithoutALabelledSetTakesTheNewestRestorableOfThatDay() throws Exception {
    List<BackupSet> sets =
        List.of(
            set("morning", SetStatus.COMPLETE, "2026-11-25T08:00:00Z"),
            set("evening", SetStatus.INCOMPLETE, "2026-11-25T20:00:00Z"));

    Resolution r = SetResolver.resolve("2026-11-25", sets);

    assertThat(r.set().label().value()).isEqualTo("morning");
    assertThat(r.note()).hasValueSatisfying(n -> assertThat(n).contains("evening incomplete"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "2026-11-30, monday",
    "2026-12-31, thursday",
    "2027-01-01, friday",
    "2028-02-29, tuesday",
  })
  void monthEndsAndLeapDaysResolve(String date, String weekday) throws Exception {
    List<BackupSet> sets =
        List.of(complete("2026-11-30"), complete("2026-12-31"), complete("2027-01-01"), complete("2028-02-29"));

    assertThat(SetResolver.resolve(date, sets).set().label().value()).isEqualTo(date);
    assertThat(SetResolver.resolve(weekday, sets).set().label().value()).isEqualTo(date);
  }

  @ParameterizedTest(name = "''{0}''")
  @CsvSource(
      delimiter = '|',
      value = {
        "funday        | there is no set 'funday'",
        "nightly-x     | there is no set 'nightly-x'",
        "Bad Label!    | is not a date (YYYY-MM-DD), a weekday (monday..sunday), latest or a set's label",
        "2026-11-27    | there is no set taken on 2026-11-27",
        "saturday      | there is no set taken on a saturday",
        // Regression, issue 2: an impossible date did not list the sets that exist.
        "2026-02-30    | not a valid date",
        "2026-2-3      | not a valid date",
        "2027-02-29    | not a valid date",
      })
  void anythingElseIsAnErrorThatListsTheSetsThatExist(String when, String expected) {
    assertThatThrownBy(() -> SetResolver.resolve(when, WEEK))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining(expected)
        .hasMessageContaining(
            "Sets that exist: 2026-11-26 (incomplete, thursday), 2026-11-25 (complete, wednesday),"
                + " 2026-11-24 (complete, tuesday), 2026-11-23 (incomplete, monday),"
                + " 2026-11-20 (complete, friday), 2026-11-19 (imported, thursday),"
                + " 2026-11-16 (complete, monday)");
  }

  @ParameterizedTest(name = "''{0}''")
  @NullAndEmptySource
  @ValueSource(strings = {"   "})
  void nothingAskedIsAnErrorThatListsTheSets(String when) {
    assertThatThrownBy(() -> SetResolver.resolve(when, WEEK))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("say which set")
        .hasMessageContaining("Sets that exist: 2026-11-26");
  }

  @ParameterizedTest(name = "''{0}''")
  @ValueSource(strings = {"latest", "monday", "2026-11-25", "funday", "2026-02-30", ""})
  void withNoSetsTheErrorSaysThereAreNone(String when) {
    assertThatThrownBy(() -> SetResolver.resolve(when, List.of()))
        .isInstanceOf(BadInputException.class)
        .hasMessageEndingWith("There are no backup sets yet.");
  }
}
