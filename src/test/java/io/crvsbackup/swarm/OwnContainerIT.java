package io.crvsbackup.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * How the sidecar finds itself: a task of a stack service prints what it sees of itself
 * (/proc/self/mountinfo, /proc/self/cgroup, its hostname); from that, the real engine names its
 * container, its stack and its service, and discovery never counts that service as a dependent.
 */
class OwnContainerIT {
  private static final String SHOW_SELF = "grep -E ' /etc/(hostname|hosts|resolv.conf) ' /proc/self/mountinfo;"
      + " echo ---; cat /proc/self/cgroup; echo ---; hostname; sleep 3600";

  @Test
  void aTaskOfTheStackFindsItsContainerStackAndService() throws Exception {
    try (TestStack stack = TestStack.create("self")) {
      ObjectNode spec = stack.spec("backup", 1, Map.of());
      ((ObjectNode) spec.path("TaskTemplate").path("ContainerSpec")).putArray("Command").add("sh").add("-c").add(SHOW_SELF);
      String backup = stack.create(spec);
      String web = stack.service("web", 1, Map.of());
      stack.awaitRunning(backup, 1);
      String containerId = stack.tasks(backup).stream().filter(t -> t.path("DesiredState").asText().equals("running"))
          .findFirst().orElseThrow().path("Status").path("ContainerStatus").path("ContainerID").asText();
      String[] seen = awaitLogs(stack, containerId).split("---\n");
      assertThat(seen).as("the task's output").hasSize(3);

      DockerSwarm probe = new DockerSwarm(stack.api, Optional.empty());
      OwnContainer own = probe.lookUp(OwnContainerId.candidates(seen[0], seen[1], seen[2])).orElseThrow();
      assertThat(own.containerId()).isEqualTo(containerId);
      assertThat(own.foundBy()).isEqualTo("/proc/self/mountinfo");
      assertThat(own.stack()).contains(stack.name);
      assertThat(own.serviceId()).contains(backup);
      assertThat(own.serviceName()).contains(stack.name + "_backup");
      // the hostname alone also finds it (for engines whose mounts look different)
      assertThat(probe.lookUp(OwnContainerId.candidates("", "0::/", seen[2])).orElseThrow().containerId())
          .isEqualTo(containerId);
      // this JVM runs on the host, not in a container of this engine
      assertThat(probe.lookUp(OwnContainerId.ofThisProcess())).isEmpty();

      DockerSwarm inside = new DockerSwarm(Connector.open(stack.dockerHost), Optional.of(own));
      try (inside) {
        assertThat(inside.stackName(Optional.empty()))
            .isEqualTo(new StackName(stack.name, "the label com.docker.stack.namespace of this container", Optional.empty()));
        assertThat(inside.stackName(Optional.of("elsewhere")).warning()).contains("STACK_NAME is 'elsewhere' but this"
            + " container belongs to stack '" + stack.name + "'; working on 'elsewhere'");
        StackServices found = inside.discover(stack.name);
        assertThat(found.withRole(StackService.Role.SELF)).extracting(ServiceInfo::id).containsExactly(backup);
        assertThat(found.dependents()).extracting(ServiceInfo::id).containsExactly(web);
      }
    }
  }

  @Test
  void outsideAContainerTheStackNameFallsBackToTheDefault() throws Exception {
    try (Swarm swarm = Swarm.connect(io.crvsbackup.env.TestEnv.require("DOCKER_HOST"))) {
      assertThat(swarm.ownContainer()).isEmpty();
      assertThat(swarm.stackName(Optional.empty())).isEqualTo(new StackName("opencrvs", "the default", Optional.empty()));
      assertThat(swarm.stackName(Optional.of("mystack"))).isEqualTo(new StackName("mystack", "STACK_NAME", Optional.empty()));
    }
  }

  /** The container's output, once it has printed its hostname. */
  private static String awaitLogs(TestStack stack, String containerId) throws Exception {
    String text = "";
    for (int i = 0; i < 100; i++) {
      text = logs(stack.dockerHost, containerId);
      if (text.split("---\n").length == 3 && text.endsWith("\n")) {
        return text;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the task printed only: " + text);
  }

  /** GET /containers/{id}/logs: frames of an 8-byte header (stream, 0, 0, 0, length) and the bytes. */
  private static String logs(String dockerHost, String id) throws Exception {
    try (DockerHttpClient http = new ZerodepDockerHttpClient.Builder().dockerHost(URI.create(dockerHost)).build();
        DockerHttpClient.Response r = http.execute(DockerHttpClient.Request.builder()
            .method(DockerHttpClient.Request.Method.GET).path("/containers/" + id + "/logs?stdout=1&stderr=1").build());
        InputStream body = r.getBody()) {
      DataInputStream in = new DataInputStream(body);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] header = new byte[8];
      while (true) {
        try {
          in.readFully(header);
        } catch (EOFException e) {
          return out.toString(StandardCharsets.UTF_8);
        }
        int length = ((header[4] & 0xff) << 24) | ((header[5] & 0xff) << 16) | ((header[6] & 0xff) << 8) | (header[7] & 0xff);
        out.write(in.readNBytes(length));
      }
    }
  }
}
