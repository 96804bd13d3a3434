package io.crvsbackup.store;

import static io.crvsbackup.store.Sets.complete;
import static io.crvsbackup.store.Sets.imported;
import static io.crvsbackup.store.Sets.incomplete;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RetentionTest {
  private static final LocalDate TODAY = LocalDate.parse("2026-11-26");

  @ParameterizedTest(name = "today {0}, {1} days, sets [{2}] -> delete [{3}]")
  @CsvSource(
      delimiter = '|',
      value = {
        // the last N days counting today: 7 days on the 26th keeps the 20th..26th
        "2026-11-26 | 7 | 2026-11-18 2026-11-19 2026-11-20 2026-11-25 2026-11-26 | 2026-11-18 2026-11-19",
        "2026-11-26 | 1 | 2026-11-24 2026-11-25 2026-11-26                       | 2026-11-24 2026-11-25",
        "2026-11-26 | 2 | 2026-11-24 2026-11-25 2026-11-26                       | 2026-11-24",
        "2026-11-26 | 30 | 2026-10-27 2026-10-28 2026-11-26                     | 2026-10-27",
        // month boundary
        "2026-12-02 | 3 | 2026-11-29 2026-11-30 2026-12-01 2026-12-02           | 2026-11-29",
        "2027-03-01 | 2 | 2027-02-27 2027-02-28 2027-03-01                       | 2027-02-27",
        // year boundary
        "2027-01-03 | 7 | 2026-12-26 2026-12-27 2026-12-28 2027-01-03           | 2026-12-26 2026-12-27",
        "2027-01-01 | 1 | 2026-12-31 2027-01-01                                  | 2026-12-31",
        // leap day
        "2028-03-01 | 2 | 2028-02-28 2028-02-29 2028-03-01                       | 2028-02-28",
        "2028-03-01 | 3 | 2028-02-27 2028-02-28 2028-02-29 2028-03-01            | 2028-02-27",
        // nothing old enough
        "2026-11-26 | 7 | 2026-11-20 2026-11-26                                  | ''",
      })
  void keepsTheLastNDaysCountingToday(String today, int days, String labels, String deleted) {
    List<BackupSet> sets = Arrays.stream(labels.trim().split("\\s+")).map(Sets::complete).toList();

    List<Retention.Decision> plan = Retention.plan(sets, LocalDate.parse(today), days);

    assertThat(deletedLabels(plan)).containsExactlyElementsOf(words(deleted));
    assertThat(plan).extracting(Retention.Decision::set).containsExactlyElementsOf(sets);
  }

  @Test
  void theReasonSaysWhy() {
    List<Retention.Decision> plan =
        Retention.plan(List.of(complete("2026-11-01"), complete("2026-11-25"), complete("2026-11-26")), TODAY, 7);

    assertThat(plan).extracting(Retention.Decision::reason)
        .containsExactly("older than 7 days", "within 7 days", "newest complete set");
    assertThat(Retention.plan(List.of(complete("2026-11-01"), complete("2026-11-26")), TODAY, 1))
        .extracting(Retention.Decision::reason)
        .containsExactly("older than 1 day", "newest complete set");
  }

  @Test
  void neverDeletesTheNewestCompleteSetEvenWhenItIsOld() {
    List<BackupSet> sets = List.of(complete("2026-10-01"), complete("2026-10-02"));

    List<Retention.Decision> plan = Retention.plan(sets, TODAY, 7);

    assertThat(deletedLabels(plan)).containsExactly("2026-10-01");
    assertThat(plan.get(1).keep()).isTrue();
    assertThat(plan.get(1).reason()).isEqualTo("newest complete set");
  }

  @Test
  void theNewestCompleteSetIsKeptEvenWhenANewerImportedSetExists() {
    List<BackupSet> sets = List.of(complete("2026-10-01"), complete("2026-10-02"), imported("2026-10-03"));

    assertThat(deletedLabels(Retention.plan(sets, TODAY, 7))).containsExactly("2026-10-01");
  }

  @Test
  void deletesNothingWhenTheNewestRunFailed() {
    List<BackupSet> sets =
        List.of(complete("2026-10-01"), imported("2026-10-15"), complete("2026-11-01"), incomplete("2026-11-26"));

    List<Retention.Decision> plan = Retention.plan(sets, TODAY, 7);

    assertThat(plan).allSatisfy(d -> {
      assertThat(d.keep()).isTrue();
      assertThat(d.reason()).contains("2026-11-26").contains("did not complete");
    });
  }

  @Test
  void anImportedSetNewerThanTheFailedRunDoesNotUnfreezeRetention() {
    List<BackupSet> sets =
        List.of(complete("2026-10-01"), incomplete("2026-10-02"), imported("2026-11-25"));

    assertThat(deletedLabels(Retention.plan(sets, TODAY, 7))).isEmpty();
  }

  @Test
  void aBrokenManifestAsNewestRunFreezesRetention() {
    List<BackupSet> sets = List.of(complete("2026-10-01"), complete("2026-10-02"),
        Sets.broken("2026-11-26", "2026-11-26T00:00:05Z"));

    assertThat(deletedLabels(Retention.plan(sets, TODAY, 7))).isEmpty();
  }

  @Test
  void anOldFailedRunGoesOnceANewerRunSucceeded() {
    List<BackupSet> sets = List.of(incomplete("2026-11-01"), complete("2026-11-26"));

    assertThat(deletedLabels(Retention.plan(sets, TODAY, 7))).containsExactly("2026-11-01");
  }

  @Test
  void importedSetsOlderThanTheWindowGo() {
    List<BackupSet> sets =
        List.of(imported("2026-11-10"), imported("2026-11-19"), imported("2026-11-20"), complete("2026-11-26"));

    assertThat(deletedLabels(Retention.plan(sets, TODAY, 7))).containsExactly("2026-11-10", "2026-11-19");
  }

  @Test
  void withOnlyImportedSetsTheNewestIsKept() {
    List<BackupSet> sets = List.of(imported("2026-10-01"), imported("2026-10-02"));

    List<Retention.Decision> plan = Retention.plan(sets, TODAY, 7);

    assertThat(deletedLabels(plan)).containsExactly("2026-10-01");
    assertThat(plan.get(1).reason()).isEqualTo("newest restorable set");
  }

  @Test
  void futureDatedSetsAreKept() {
    List<BackupSet> sets = List.of(complete("2026-11-01"), complete("2026-11-26"), imported("2027-01-01"));

    List<Retention.Decision> plan = Retention.plan(sets, TODAY, 1);

    assertThat(deletedLabels(plan)).containsExactly("2026-11-01");
    assertThat(plan.get(2).keep()).isTrue();
  }

  @Test
  void aClockThatJumpedBackDoesNotDeleteTheSetsAfterIt() {
    // today is the 26th but the newest complete set says December: everything from the window on stays
    List<BackupSet> sets = List.of(complete("2026-11-25"), complete("2026-12-05"), complete("2026-12-06"));

    assertThat(deletedLabels(Retention.plan(sets, TODAY, 1))).containsExactly("2026-11-25");
  }

  @Test
  void anEmptyListGivesAnEmptyPlan() {
    assertThat(Retention.plan(List.of(), TODAY, 7)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(ints = {0, -1})
  void lessThanOneDayIsRefused(int days) {
    assertThatThrownBy(() -> Retention.plan(List.of(complete("2026-11-26")), TODAY, days))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(String.valueOf(days));
  }

  private static List<String> deletedLabels(List<Retention.Decision> plan) {
    List<String> out = new ArrayList<>();
    for (Retention.Decision d : plan) {
      if (!d.keep()) {
        out.add(d.set().label().value());
      }
    }
    return out;
  }

  private static List<String> words(String s) {
    return s.isBlank() ? List.of() : Arrays.asList(s.trim().split("\\s+"));
  }
}
