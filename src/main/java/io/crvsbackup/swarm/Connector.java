package io.crvsbackup.swarm;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.transport.SSLConfig;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Opens the Docker API named by {@code DOCKER_HOST} and checks that it is a swarm manager. Every
 * failure says what to change in the deployment.
 */
final class Connector {
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(60);

  private Connector() {}

  static DockerApi open(String dockerHost) throws SwarmException {
    URI uri = endpoint(dockerHost);
    if (uri.getScheme().equals("unix")) {
      checkSocket(Path.of(uri.getPath()));
    }
    SSLConfig ssl = null;
    if (uri.getScheme().equals("tcp")) {
      try {
        ssl = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(dockerHost).build().getSSLConfig();
      } catch (RuntimeException e) {
        throw new SwarmException("cannot set up TLS for the Docker API at " + dockerHost + ": " + e.getMessage(), e);
      }
    }
    var http = new ZerodepDockerHttpClient.Builder()
        .dockerHost(uri)
        .sslConfig(ssl)
        .connectionTimeout(CONNECT_TIMEOUT)
        .responseTimeout(RESPONSE_TIMEOUT)
        .build();
    DockerApi api = new DockerApi(http, dockerHost);
    try {
      requireManager(api.get("/info", "ask the Docker engine about its swarm"), dockerHost);
      return api;
    } catch (SwarmException | RuntimeException e) {
      api.close();
      throw e;
    }
  }

  /** {@code unix:///path} or {@code tcp://host:port}; anything else is refused. */
  static URI endpoint(String dockerHost) throws SwarmException {
    if (dockerHost.startsWith("unix:///") && dockerHost.length() > "unix:///".length()) {
      return URI.create("unix://" + dockerHost.substring("unix://".length()).replace(" ", "%20"));
    }
    if (dockerHost.startsWith("tcp://")) {
      try {
        URI uri = URI.create(dockerHost);
        if (uri.getHost() != null && uri.getPort() > 0) {
          return uri;
        }
      } catch (IllegalArgumentException e) {
        // reported below
      }
    }
    throw new SwarmException(
        "DOCKER_HOST is not a Docker endpoint; use unix:///path/to/docker.sock or tcp://host:port");
  }

  static void checkSocket(Path socket) throws SwarmException {
    if (!Files.exists(socket)) {
      throw new SwarmException("the Docker socket " + socket + " is not mounted: add it to the backup service's"
          + " volumes; without it, backups work from explicit configuration and restore needs --no-scale");
    }
    if (Files.isDirectory(socket)) {
      throw new SwarmException("the Docker socket " + socket + " is a directory, not a socket: Docker creates one"
          + " when the mounted host path does not exist; mount the host's /var/run/docker.sock there");
    }
    if (Files.isRegularFile(socket)) {
      throw new SwarmException("the Docker socket " + socket + " is a regular file, not a socket: mount the host's"
          + " /var/run/docker.sock there");
    }
    if (!Files.isReadable(socket) || !Files.isWritable(socket)) {
      throw new SwarmException("the Docker socket " + socket + " cannot be opened by this user: permission denied;"
          + " run the backup service as root or in the group that owns the socket");
    }
  }

  /**
   * Refuses an engine that is not a swarm manager: only a manager can list and scale services.
   *
   * @param info the answer of {@code GET /info}
   */
  static void requireManager(JsonNode info, String dockerHost) throws SwarmException {
    JsonNode swarm = info.path("Swarm");
    String state = swarm.path("LocalNodeState").asText("");
    switch (state) {
      case "active" -> {
        if (!swarm.path("ControlAvailable").asBoolean(false)) {
          throw new SwarmException("the Docker engine at " + dockerHost + " (node " + swarm.path("NodeID").asText("?")
              + ") is a swarm worker, not a manager; crvs-backup lists and scales services, which only a manager"
              + " can do: add the placement constraint node.role == manager to the backup service");
        }
      }
      case "", "inactive" -> throw new SwarmException("the Docker engine at " + dockerHost + " is not part of a"
          + " swarm: crvs-backup works with Docker Swarm stacks and must run on a swarm manager; without a swarm,"
          + " backups work from explicit configuration and restore needs --no-scale");
      case "locked" -> throw new SwarmException("the swarm of the Docker engine at " + dockerHost + " is locked:"
          + " unlock it with 'docker swarm unlock' on this manager, then try again");
      default -> throw new SwarmException("the Docker engine at " + dockerHost + " is not an active swarm manager"
          + " (its swarm state is '" + state + "'" + errorOf(swarm) + "): check 'docker info' on this node");
    }
  }

  private static String errorOf(JsonNode swarm) {
    String error = swarm.path("Error").asText("");
    return error.isEmpty() ? "" : ": " + error;
  }
}
