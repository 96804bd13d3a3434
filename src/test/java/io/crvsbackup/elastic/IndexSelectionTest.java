package io.crvsbackup.elastic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class IndexSelectionTest {
  @Test
  void emptyMeansEveryIndex() {
    assertThat(IndexSelection.expressions(List.of())).containsExactly("*");
    assertThat(IndexSelection.expressions(List.of("ocrvs*", "events_*"))).containsExactly("ocrvs*", "events_*");
  }

  @Test
  void systemIndicesAreLeftOutUnlessAskedForWithADot() {
    List<String> resolved = List.of("ocrvs", ".security-7", ".kibana_1", "events_birth");

    assertThat(IndexSelection.select(List.of(), resolved)).containsExactly("events_birth", "ocrvs");
    assertThat(IndexSelection.select(List.of("*", ".kibana*"), resolved))
        .containsExactly(".kibana_1", ".security-7", "events_birth", "ocrvs");
    assertThat(IndexSelection.withoutSystem(resolved)).containsExactly("events_birth", "ocrvs");
  }
}
