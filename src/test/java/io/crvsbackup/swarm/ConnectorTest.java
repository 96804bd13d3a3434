package io.crvsbackup.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectorTest {
  @TempDir Path dir;

  @Test
  void aMissingSocketSaysHowToMountIt() {
    Path socket = dir.resolve("var/run/docker.sock");
    assertThatThrownBy(() -> Swarm.connect("unix://" + socket))
        .isInstanceOf(SwarmException.class)
        .hasMessage("the Docker socket " + socket + " is not mounted: add it to the backup service's volumes;"
            + " without it, backups work from explicit configuration and restore needs --no-scale");
  }

  @Test
  void aDirectoryWhereTheSocketShouldBeIsExplained() throws Exception {
    Path socket = Files.createDirectories(dir.resolve("docker.sock"));
    assertThatThrownBy(() -> Swarm.connect("unix://" + socket))
        .hasMessageContaining("is a directory, not a socket: Docker creates one when the mounted host path does not exist");
  }

  @Test
  void aRegularFileIsNotASocket() throws Exception {
    Path socket = Files.writeString(dir.resolve("docker.sock"), "");
    assertThatThrownBy(() -> Swarm.connect("unix://" + socket)).hasMessageContaining("is a regular file, not a socket");
  }

  @Test
  void endpointsOtherThanUnixAndTcpAreRefused() {
    for (String bad : new String[] {"npipe:////./pipe/docker_engine", "unix://", "tcp://nohostport", "ssh://me@host", ""}) {
      assertThatThrownBy(() -> Connector.endpoint(bad)).as(bad).hasMessageContaining("DOCKER_HOST is not a Docker endpoint");
    }
  }

  @Test
  void anUnreachableTcpEndpointSaysSo() {
    // port 9 on loopback: nothing listens there on these machines
    assertThatThrownBy(() -> Swarm.connect("tcp://127.0.0.1:9"))
        .hasMessageStartingWith("ask the Docker engine about its swarm: cannot talk to the Docker API at tcp://127.0.0.1:9");
  }

  @Test
  void onlyAnActiveManagerIsAccepted() throws Exception {
    assertThatCode(() -> Connector.requireManager(json("{\"Swarm\":{\"LocalNodeState\":\"active\",\"ControlAvailable\":true}}"), "h"))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> Connector.requireManager(json("{\"Swarm\":{\"LocalNodeState\":\"inactive\",\"ControlAvailable\":false}}"), "unix:///s"))
        .hasMessage("the Docker engine at unix:///s is not part of a swarm: crvs-backup works with Docker Swarm stacks"
            + " and must run on a swarm manager; without a swarm, backups work from explicit configuration and restore"
            + " needs --no-scale");
    assertThatThrownBy(() -> Connector.requireManager(json("{\"Swarm\":{\"LocalNodeState\":\"active\",\"ControlAvailable\":false,\"NodeID\":\"w1\"}}"), "h"))
        .hasMessageContaining("(node w1) is a swarm worker, not a manager")
        .hasMessageContaining("add the placement constraint node.role == manager to the backup service");
    assertThatThrownBy(() -> Connector.requireManager(json("{\"Swarm\":{\"LocalNodeState\":\"locked\"}}"), "h"))
        .hasMessageContaining("is locked: unlock it with 'docker swarm unlock'");
    assertThatThrownBy(() -> Connector.requireManager(json("{\"Swarm\":{\"LocalNodeState\":\"error\",\"Error\":\"boom\"}}"), "h"))
        .hasMessageContaining("(its swarm state is 'error': boom)");
    assertThatThrownBy(() -> Connector.requireManager(json("{}"), "h")).hasMessageContaining("is not part of a swarm");
  }

  private static JsonNode json(String s) throws Exception {
    return DockerApi.JSON.readTree(s);
  }
}
