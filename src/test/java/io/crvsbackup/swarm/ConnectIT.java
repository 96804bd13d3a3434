package io.crvsbackup.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crvsbackup.env.TestEnv;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Issue 4: connecting to the real swarm manager, and the message when the socket is missing. */
class ConnectIT {

  @Test
  void connectsToTheSwarmManagerOfTheTestEnvironment() throws Exception {
    String host = TestEnv.require("DOCKER_HOST");
    try (Swarm swarm = Swarm.connect(host)) {
      assertThat(swarm.endpoint()).isEqualTo(host);
    }
  }

  @Test
  void aSocketPathThatDoesNotExistGivesTheClearMessage() {
    TestEnv.require("DOCKER_HOST");
    String path = "/tmp/crvs-no-such-dir-" + UUID.randomUUID() + "/docker.sock";
    assertThatThrownBy(() -> Swarm.connect("unix://" + path))
        .isInstanceOf(SwarmException.class)
        .hasMessage("the Docker socket " + path + " is not mounted: add it to the backup service's volumes;"
            + " without it, backups work from explicit configuration and restore needs --no-scale");
  }
}
