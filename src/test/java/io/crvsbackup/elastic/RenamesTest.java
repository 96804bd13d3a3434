package io.crvsbackup.elastic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RenamesTest {
  private static final List<String> INDICES = List.of("events_birth", "events_death", "ocrvs");

  @Test
  void noRenamesIsOneRealRestoreOfEveryIndex() throws Exception {
    Renames.Plan p = Renames.plan(Map.of(), INDICES);

    assertThat(p.drill()).isFalse();
    assertThat(p.groups()).singleElement().satisfies(g -> assertThat(g.rename()).isEmpty());
    assertThat(p.targets()).containsExactly(Map.entry("events_birth", "events_birth"),
        Map.entry("events_death", "events_death"), Map.entry("ocrvs", "ocrvs"));
  }

  @Test
  void aKeyMatchesWholeNamesAndTheTargetIsWhatElasticsearchComputes() throws Exception {
    Renames.Plan p = Renames.plan(Map.of("events_(.+)", "drill_events_$1", "ocrvs", "ocrvs-drill"), INDICES);

    assertThat(p.drill()).isTrue();
    assertThat(p.targets()).containsEntry("events_birth", "drill_events_birth")
        .containsEntry("events_death", "drill_events_death").containsEntry("ocrvs", "ocrvs-drill");
    assertThat(p.groups()).extracting(g -> g.rename().orElseThrow())
        .containsExactly(new Cluster.Rename("events_(.+)", "drill_events_$1"), new Cluster.Rename("ocrvs", "ocrvs-drill"));
    for (Renames.Group g : p.groups()) {
      Cluster.Rename r = g.rename().orElseThrow();
      g.targets().forEach((from, to) -> assertThat(from.replaceAll(r.pattern(), r.replacement())).isEqualTo(to));
    }
  }

  @Test
  void indicesNoKeyMatchesAreLeftOutNotRestoredOverLiveOnes() throws Exception {
    Renames.Plan p = Renames.plan(Map.of("ocrvs", "ocrvs-drill", "hearth-dev", "hearth-drill"), INDICES);

    assertThat(p.skipped()).containsExactly("events_birth", "events_death");
    assertThat(p.targets()).containsOnlyKeys("ocrvs");
  }

  @Test
  void refusesWhatWouldTouchLiveDataOrConfuseElasticsearch() {
    assertThatThrownBy(() -> Renames.plan(Map.of("ocrvs", "ocrvs"), INDICES))
        .hasMessageContaining("leaves the name unchanged, which would replace the live index");
    assertThatThrownBy(() -> Renames.plan(Map.of("events_.+", "drill"), INDICES))
        .hasMessageContaining("both 'events_birth' and 'events_death' would be restored as 'drill'");
    assertThatThrownBy(() -> Renames.plan(Map.of("events_.+", "a-$0", "events_birth", "b"), INDICES))
        .hasMessageContaining("index 'events_birth' matches more than one rename pattern [events_.+, events_birth]");
    assertThatThrownBy(() -> Renames.plan(Map.of("(ocrvs", "x"), INDICES))
        .hasMessageContaining("rename pattern '(ocrvs' is not a valid regular expression");
    assertThatThrownBy(() -> Renames.plan(Map.of("ocrvs", "Drill"), INDICES)).hasMessageContaining("not lowercase");
    assertThatThrownBy(() -> Renames.plan(Map.of("ocrvs", "_drill"), INDICES)).hasMessageContaining("starts with");
    assertThatThrownBy(() -> Renames.plan(Map.of("ocrvs", "a b"), INDICES)).hasMessageContaining("contains ' '");
    assertThatThrownBy(() -> Renames.plan(Map.of("(ocrvs)", "$2"), INDICES)).hasMessageContaining("does not fit pattern");
  }

  @Test
  void anEmptyPlanHasNoTargets() throws Exception {
    assertThat(Renames.plan(Map.of("x", "y"), List.of()).targets()).isEmpty();
    assertThat(Renames.plan(Map.of(), List.of()).groups()).singleElement()
        .satisfies(g -> assertThat(g.rename()).isEqualTo(Optional.empty()));
  }
}
