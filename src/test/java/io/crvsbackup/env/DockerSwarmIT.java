package io.crvsbackup.env;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.ContainerSpec;
import com.github.dockerjava.api.model.ServiceModeConfig;
import com.github.dockerjava.api.model.ServiceReplicatedModeOptions;
import com.github.dockerjava.api.model.ServiceSpec;
import com.github.dockerjava.api.model.Task;
import com.github.dockerjava.api.model.TaskSpec;
import com.github.dockerjava.api.model.TaskState;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The swarm of scripts/test-env is real: a service of the local busybox image scales up and down. */
class DockerSwarmIT {
  private static final Duration CONVERGE = Duration.ofSeconds(90);

  static DockerClient client() {
    var config = DefaultDockerClientConfig.createDefaultConfigBuilder()
        .withDockerHost(TestEnv.require("DOCKER_HOST"))
        .build();
    var http = new ZerodepDockerHttpClient.Builder()
        .dockerHost(config.getDockerHost())
        .connectionTimeout(Duration.ofSeconds(10))
        .responseTimeout(Duration.ofSeconds(60))
        .build();
    return DockerClientImpl.getInstance(config, http);
  }

  @Test
  void createsAndScalesAServiceOnTheSwarm() throws Exception {
    String image = TestEnv.require("BUSYBOX_IMAGE");
    String name = "crvs-it-" + UUID.randomUUID().toString().substring(0, 8);
    try (DockerClient docker = client()) {
      assertThat(docker.infoCmd().exec().getSwarm().getControlAvailable()).isTrue();
      String id = docker.createServiceCmd(new ServiceSpec()
              .withName(name)
              .withLabels(Map.of("crvs-backup.test", "true"))
              .withTaskTemplate(new TaskSpec().withContainerSpec(new ContainerSpec()
                  .withImage(image)
                  .withCommand(List.of("sleep", "3600"))))
              .withMode(new ServiceModeConfig().withReplicated(new ServiceReplicatedModeOptions().withReplicas(2))))
          .exec().getId();
      try {
        awaitRunning(docker, id, 2);
        scale(docker, id, 0);
        awaitRunning(docker, id, 0);
        scale(docker, id, 1);
        awaitRunning(docker, id, 1);
      } finally {
        docker.removeServiceCmd(id).exec();
      }
    }
  }

  private static void scale(DockerClient docker, String id, int replicas) {
    var service = docker.inspectServiceCmd(id).exec();
    ServiceSpec spec = service.getSpec();
    spec.getMode().getReplicated().withReplicas(replicas);
    docker.updateServiceCmd(id, spec).withVersion(service.getVersion().getIndex()).exec();
  }

  /** Polls the tasks until exactly {@code n} are running and none is on its way. */
  private static void awaitRunning(DockerClient docker, String id, int n) throws InterruptedException {
    long deadline = System.nanoTime() + CONVERGE.toNanos();
    List<Task> tasks = List.of();
    while (System.nanoTime() < deadline) {
      tasks = docker.listTasksCmd().withServiceFilter(id).exec();
      long running = tasks.stream().filter(t -> t.getStatus().getState() == TaskState.RUNNING).count();
      long live = tasks.stream().filter(t -> t.getDesiredState() == TaskState.RUNNING).count();
      if (running == n && live == n) {
        return;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("service " + id + " did not reach " + n + " running tasks in " + CONVERGE
        + "; tasks: " + tasks.stream().map(t -> t.getStatus().getState() + "/" + t.getDesiredState()
            + " " + t.getStatus().getErr()).toList());
  }
}
