package io.crvsbackup.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalInt;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReplicasTest {

  @ParameterizedTest(name = "requested {0}, discovered {1}, force {2} -> {3}")
  @CsvSource({
    // requested (-1 = not given), discovered, force, members, warnings
    "-1, 1, false, 1, 0",
    "-1, 3, false, 3, 0",
    "-1, 5, false, 5, 0",
    "-1, 2, false, 2, 1",
    " 1, 1, false, 1, 0",
    " 3, 3, false, 3, 0",
    " 5, 5, true,  5, 0",
    " 3, 1, true,  3, 1",
    " 3, 0, false, 3, 1",
  })
  void accepted(int requested, int discovered, boolean force, int members, int warnings) throws Exception {
    Replicas.Choice c = Replicas.resolve(opt(requested), discovered, "opencrvs", force);
    assertThat(c.members()).isEqualTo(members);
    assertThat(c.warnings()).hasSize(warnings);
  }

  @ParameterizedTest(name = "requested {0}, discovered {1}, force {2} refused")
  @CsvSource(delimiter = '|', value = {
    " 4 | 3 | false | '4' is not a number of replicas: OpenCRVS runs MongoDB with 1, 3 or 5 replicas",
    " 4 | 3 | true  | give 1, 3 or 5, or leave it out to use what the stack has (3)",
    " 0 | 1 | false | '0' is not a number of replicas",
    " 7 | 0 | true  | '7' is not a number of replicas",
    "-5 | 1 | false | '-5' is not a number of replicas",
    " 3 | 1 | false | you asked for 3 replica(s), but stack 'opencrvs' runs 1 MongoDB service (mongo1); check the number (leave it out to use 1), or add --force to restore with 3 anyway",
    " 1 | 5 | false | runs 5 MongoDB services (mongo1..mongo5)",
    "-1 | 0 | false | stack 'opencrvs' has no MongoDB service (mongo1..mongo5, or a service labelled crvs-backup.engine=mongo), so the number of replicas cannot be discovered; give it: 1, 3 or 5",
    "-1 | 0 | true  | cannot be discovered",
  })
  void refused(int requested, int discovered, boolean force, String message) {
    assertThatThrownBy(() -> Replicas.resolve(opt(requested), discovered, "opencrvs", force))
        .isInstanceOf(ReplicasException.class)
        .hasMessageContaining(message);
  }

  private static OptionalInt opt(int requested) {
    return requested == -1 ? OptionalInt.empty() : OptionalInt.of(requested);
  }
}
