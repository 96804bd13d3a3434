package io.crvsbackup.offsite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crvsbackup.store.Label;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The remote retention rules, without a server. */
class RemoteRetentionTest {
  private static RemoteSet set(String label, RemoteSet.Kind kind, int day) {
    return new RemoteSet(new Label(label), kind, Instant.parse(String.format("2026-11-%02dT00:00:00Z", day)),
        Optional.empty(), "none", 10, Optional.empty());
  }

  private static RemoteSet ours(int day) {
    return set(String.format("2026-11-%02d", day), RemoteSet.Kind.COMPLETE, day);
  }

  private static List<String> kept(List<RemoteRetention.Decision> plan) {
    return plan.stream().filter(RemoteRetention.Decision::keep).map(d -> d.set().label().value()).toList();
  }

  @ParameterizedTest(name = "keep {0}")
  @ValueSource(ints = {1, 2, 3, 7, 10})
  void keepsExactlyTheNNewestSetsOfOurs(int keep) {
    List<RemoteSet> sets = new ArrayList<>();
    for (int d = 1; d <= 9; d++) {
      sets.add(ours(d));
    }

    List<RemoteRetention.Decision> plan = RemoteRetention.plan(sets, keep);

    assertThat(plan).hasSize(9);
    assertThat(kept(plan)).hasSize(Math.min(keep, 9)).allMatch(l -> Integer.parseInt(l.substring(8)) > 9 - keep);
  }

  @Test
  void theNewestCompleteSetStaysWhateverItsAge() {
    List<RemoteRetention.Decision> plan = RemoteRetention.plan(List.of(ours(1), ours(2)), 1);

    assertThat(kept(plan)).containsExactly("2026-11-02");
    assertThat(plan.get(1).reason()).isEqualTo("newest complete set");
  }

  @Test
  void whatIsNotACompleteSetOfOursNeitherCountsNorGoes() {
    List<RemoteSet> sets = List.of(
        set("2026-10-01", RemoteSet.Kind.OPENCRVS, 1),
        set("2026-10-02", RemoteSet.Kind.INCOMPLETE, 2),
        set("2026-10-03", RemoteSet.Kind.DELETING, 3),
        new RemoteSet(new Label("2026-10-04"), RemoteSet.Kind.COMPLETE, Instant.parse("2026-10-04T00:00:00Z"),
            Optional.empty(), "?", 0, Optional.of("unreadable manifest")),
        ours(5), ours(6), ours(7));

    List<RemoteRetention.Decision> plan = RemoteRetention.plan(sets, 2);

    assertThat(kept(plan)).containsExactly("2026-10-01", "2026-10-02", "2026-10-03", "2026-10-04", "2026-11-06",
        "2026-11-07");
    assertThat(plan.get(0).reason()).isEqualTo("not written by crvs-backup");
    assertThat(plan.get(4).keep()).isFalse();
  }

  @Test
  void importedSetsThatWePushedCountLikeOurs() {
    List<RemoteRetention.Decision> plan = RemoteRetention.plan(
        List.of(set("2026-11-01", RemoteSet.Kind.IMPORTED, 1), ours(2), ours(3)), 2);

    assertThat(kept(plan)).containsExactly("2026-11-02", "2026-11-03");
  }

  @Test
  void setsTakenAtTheSameTimeAreOrderedByLabel() {
    List<RemoteRetention.Decision> plan = RemoteRetention.plan(
        List.of(set("drill-a", RemoteSet.Kind.COMPLETE, 5), set("drill-b", RemoteSet.Kind.COMPLETE, 5)), 1);

    assertThat(kept(plan)).containsExactly("drill-b");
  }

  @Test
  void keepingNothingIsRefused() {
    assertThatThrownBy(() -> RemoteRetention.plan(List.of(ours(1)), 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
