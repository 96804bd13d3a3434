package io.crvsbackup.containers;

import static org.assertj.core.api.Assertions.fail;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import com.mongodb.MongoClientSettings;
import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.PullPolicy;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

/**
 * The database containers of the containers ITs, started with testcontainers from images named by
 * environment variables. The defaults are the images that {@code scripts/e2e/build-images} makes from
 * binaries on this machine (nothing can be pulled here); on a machine that can pull, the official
 * images run the same tests:
 *
 * <pre>
 *   CRVS_IT_MONGO_IMAGE=mongo:4.4  CRVS_IT_INFLUX_IMAGE=influxdb:1.8.10  CRVS_IT_ELASTIC_IMAGE=elasticsearch:8.16.4
 * </pre>
 *
 * <p>Every published port binds 127.0.0.1 only (whatever the daemon's default {@code --ip}), and the
 * tests reach the containers only there.
 */
final class DatabaseContainers {
  static final String MONGO_IMAGE_VAR = "CRVS_IT_MONGO_IMAGE";
  static final String INFLUX_IMAGE_VAR = "CRVS_IT_INFLUX_IMAGE";
  static final String ELASTIC_IMAGE_VAR = "CRVS_IT_ELASTIC_IMAGE";
  static final String LOCAL_MONGO = "crvs-e2e/ferretdb:1";
  static final String LOCAL_INFLUX = "crvs-e2e/influxdb:1";
  static final String LOCAL_ELASTIC = "crvs-e2e/elasticsearch:8";
  /** The images built here, in the repository's {@code crvs-e2e/} namespace: never pulled. */
  static final String LOCAL_PREFIX = "crvs-e2e/";
  static final String MONGO_USER = "crvs-admin";
  static final String LOOPBACK = "127.0.0.1";
  private static final Duration STARTUP = Duration.ofMinutes(4);

  private DatabaseContainers() {}

  static String image(String variable, String localDefault) {
    String v = System.getenv(variable);
    return v == null || v.isBlank() ? localDefault : v.trim();
  }

  /** Fails with what to do when no Docker daemon answers, or when Ryuk would have to be pulled. */
  static void requireDocker() {
    if (!DockerClientFactory.instance().isDockerAvailable()) {
      fail("testcontainers found no Docker daemon (DOCKER_HOST=" + System.getenv("DOCKER_HOST")
          + "); start the private one with: eval \"$(scripts/test-env up)\"");
    }
    String host = DockerClientFactory.instance().dockerHostIpAddress();
    if (!host.equals(LOOPBACK) && !host.equals("localhost")) {
      fail("testcontainers would reach the containers' published ports at " + host + ", not on loopback"
          + " (it does so when /.dockerenv exists); run the ITs through 'mvn verify', whose failsafe"
          + " configuration sets TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1, or export it");
    }
    if (!"true".equalsIgnoreCase(System.getenv("TESTCONTAINERS_RYUK_DISABLED"))
        && DockerClientFactory.instance().client().listImagesCmd().withImageNameFilter("testcontainers/ryuk")
            .exec().isEmpty()) {
      fail("Ryuk (testcontainers/ryuk) is not a local image and cannot be pulled here: run the ITs through"
          + " 'mvn verify' (failsafe sets TESTCONTAINERS_RYUK_DISABLED=true and TESTCONTAINERS_CHECKS_DISABLE=true),"
          + " or export both variables");
    }
  }

  /**
   * Makes sure the local images exist: when one of {@code crvs-e2e/*} is missing, runs {@code
   * scripts/e2e/build-images} (which needs {@code scripts/test-env up}); fails naming the commands when
   * that does not help.
   */
  static void ensureLocalImages(List<String> images) throws IOException, InterruptedException {
    List<String> missing = new ArrayList<>();
    for (String image : images) {
      if (image.startsWith(LOCAL_PREFIX) && !present(image)) {
        missing.add(image);
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    List<String> buildable = List.of(LOCAL_MONGO, LOCAL_INFLUX, LOCAL_ELASTIC);
    List<String> unknown = missing.stream().filter(i -> !buildable.contains(i)).toList();
    if (!unknown.isEmpty()) {
      fail("no local image " + unknown + " (named by " + MONGO_IMAGE_VAR + ", " + INFLUX_IMAGE_VAR + " or "
          + ELASTIC_IMAGE_VAR + "), and scripts/e2e/build-images makes only " + buildable
          + "; unset the variable to use those, or name an image that exists (docker images)");
    }
    Path repo = Path.of(System.getProperty("user.dir"));
    Path script = repo.resolve("scripts/e2e/build-images");
    String howTo = "build them with: eval \"$(scripts/test-env up)\" && scripts/e2e/build-images";
    if (!Files.isExecutable(script)) {
      fail("local images " + missing + " are missing and " + script + " is not there; " + howTo);
    }
    Path log = Files.createTempFile("crvs-build-images", ".log");
    Process p = new ProcessBuilder(script.toString()).directory(repo.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!p.waitFor(20, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      fail("scripts/e2e/build-images did not finish in 20 minutes (log: " + log + "); " + howTo);
    }
    List<String> still = missing.stream().filter(i -> !present(i)).toList();
    if (p.exitValue() != 0 || !still.isEmpty()) {
      fail("local images " + still + " are missing; scripts/e2e/build-images exited " + p.exitValue()
          + " (log: " + log + "):\n" + tail(log) + "\n" + howTo);
    }
    Files.deleteIfExists(log);
  }

  private static boolean present(String image) {
    try {
      DockerClientFactory.instance().client().inspectImageCmd(image).exec();
      return true;
    } catch (com.github.dockerjava.api.exception.NotFoundException e) {
      return false;
    }
  }

  private static String tail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
  }

  /** Official images ({@code mongo}, {@code influxdb}, {@code elasticsearch}) or ours, by the name's last part. */
  static String flavour(String image) {
    String repo = DockerImageName.parse(image).getRepository();
    return repo.substring(repo.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
  }

  /** Local images are never pulled; others are pulled only when missing (testcontainers' default). */
  private static Db common(Db c, String image) {
    c.withImagePullPolicy(image.startsWith(LOCAL_PREFIX) ? name -> false : PullPolicy.defaultPolicy());
    c.withCreateContainerCmdModifier(DatabaseContainers::loopbackOnly);
    c.withStartupTimeout(STARTUP);
    return c;
  }

  /**
   * Every published port on 127.0.0.1 with a port the daemon picks: the daemon of scripts/test-env has
   * no {@code --ip}, so testcontainers' bindings would otherwise listen on 0.0.0.0.
   */
  static void loopbackOnly(CreateContainerCmd cmd) {
    List<PortBinding> bindings = new ArrayList<>();
    Ports ports = cmd.getHostConfig().getPortBindings();
    if (ports != null) {
      ports.getBindings().forEach((exposed, hostBindings) ->
          bindings.add(new PortBinding(Ports.Binding.bindIp(LOOPBACK), exposed)));
    }
    cmd.getHostConfig().withPortBindings(bindings);
  }

  /**
   * MongoDB with an admin user whose name and password come from files, as Docker secrets give them.
   * FerretDB (ours) reads {@code /run/secrets/mongodb-admin-*}; {@code mongo:4.4} reads the same files
   * through {@code MONGO_INITDB_ROOT_*_FILE} and runs standalone (a single-member replica set with auth
   * would need a key file and {@code rs.initiate}; the engine does not need one).
   */
  @SuppressWarnings("resource")
  static GenericContainer<?> mongo(String image, String password) {
    Db c = common(new Db(image), image)
        .withExposedPorts(27017)
        .withCopyToContainer(Transferable.of(MONGO_USER.getBytes(StandardCharsets.UTF_8), 0444),
            "/run/secrets/mongodb-admin-user")
        .withCopyToContainer(Transferable.of(password.getBytes(StandardCharsets.UTF_8), 0444),
            "/run/secrets/mongodb-admin-password")
        .waitingFor(new MongoPing(password));
    if (flavour(image).equals("mongo")) {
      c.withEnv("MONGO_INITDB_ROOT_USERNAME_FILE", "/run/secrets/mongodb-admin-user")
          .withEnv("MONGO_INITDB_ROOT_PASSWORD_FILE", "/run/secrets/mongodb-admin-password");
    }
    return c;
  }

  /** The connection string the engine and the checks use: one member, directly, on loopback. */
  static String mongoUri(GenericContainer<?> c, String password) {
    return "mongodb://" + MONGO_USER + ":" + password + "@" + LOOPBACK + ":" + c.getMappedPort(27017)
        + "/?directConnection=true&authSource=admin&serverSelectionTimeoutMS=5000";
  }

  /**
   * InfluxDB 1.x: HTTP 8086 and the backup/restore RPC on {@code :8088} (influxd binds it to 127.0.0.1
   * inside the container by default; {@code INFLUXDB_BIND_ADDRESS} is influxd's own override of
   * influxdb.conf's {@code bind-address}, read by ours and by {@code influxdb:1.8.10} alike).
   */
  @SuppressWarnings("resource")
  static GenericContainer<?> influx(String image) {
    return common(new Db(image), image)
        .withExposedPorts(8086, 8088)
        .withEnv("INFLUXDB_BIND_ADDRESS", ":8088")
        .withEnv("INFLUXDB_HTTP_AUTH_ENABLED", "false")
        .withEnv("INFLUXDB_REPORTING_DISABLED", "true")
        .waitingFor(Wait.forHttp("/ping").forPort(8086).forStatusCode(204));
  }

  /**
   * Elasticsearch 8, single node, plain HTTP, with {@code repoDir} bind-mounted at the same path and
   * registered as {@code path.repo}, so the fs repository the engine registers at {@code
   * BACKUP_DIR/elasticsearch} is the same folder inside and out. Ours takes {@code PATH_REPO} and {@code
   * ES_HEAP}; the official image takes the settings as variables and runs as uid 1000, so the folder is
   * made writable for it.
   */
  @SuppressWarnings("resource")
  static GenericContainer<?> elastic(String image, Path repoDir) throws IOException {
    Files.createDirectories(repoDir);
    repoDir.toFile().setWritable(true, false);
    String repo = repoDir.toAbsolutePath().toString();
    Db c = common(new Db(image), image)
        .withExposedPorts(9200)
        .withFileSystemBind(repo, repo, BindMode.READ_WRITE)
        .waitingFor(Wait.forHttp("/_cluster/health?wait_for_status=yellow&timeout=1s").forPort(9200)
            .forStatusCode(200));
    if (flavour(image).equals("elasticsearch") && !image.startsWith(LOCAL_PREFIX)) {
      c.withEnv("discovery.type", "single-node")
          .withEnv("xpack.security.enabled", "false")
          .withEnv("path.repo", repo)
          .withEnv("cluster.routing.allocation.disk.threshold_enabled", "false")
          .withEnv("ingest.geoip.downloader.enabled", "false")
          .withEnv("ES_JAVA_OPTS", "-Xms512m -Xmx512m");
    } else {
      c.withEnv("PATH_REPO", repo).withEnv("ES_HEAP", "256m");
    }
    return c;
  }

  static String httpUrl(GenericContainer<?> c, int port) {
    return "http://" + LOOPBACK + ":" + c.getMappedPort(port);
  }

  /** A container of this test (the self type testcontainers' fluent setters want). */
  static final class Db extends GenericContainer<Db> {
    Db(String image) {
      super(DockerImageName.parse(image));
    }
  }

  /** Ready once an authenticated {@code ping} answers on the published port (the same for FerretDB and mongod). */
  private static final class MongoPing extends AbstractWaitStrategy {
    private final String password;

    MongoPing(String password) {
      this.password = password;
    }

    @Override
    protected void waitUntilReady() {
      long deadline = System.nanoTime() + startupTimeout.toNanos();
      String uri = "mongodb://" + MONGO_USER + ":" + password + "@" + LOOPBACK + ":"
          + waitStrategyTarget.getMappedPort(27017) + "/?directConnection=true&authSource=admin";
      RuntimeException last = null;
      while (System.nanoTime() < deadline) {
        if (!waitStrategyTarget.isRunning()) {
          throw new IllegalStateException("the MongoDB container stopped while starting; its log:\n"
              + waitStrategyTarget.getLogs());
        }
        MongoClientSettings settings = MongoClientSettings.builder()
            .applyConnectionString(new ConnectionString(uri))
            .applyToClusterSettings(b -> b.serverSelectionTimeout(2, TimeUnit.SECONDS))
            .applyToSocketSettings(b -> b.connectTimeout(2, TimeUnit.SECONDS))
            .build();
        try (MongoClient client = MongoClients.create(settings)) {
          client.getDatabase("admin").runCommand(new Document("ping", 1));
          return;
        } catch (RuntimeException e) {
          last = e;
        }
        try {
          Thread.sleep(500);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for MongoDB", e);
        }
      }
      // the driver's message may quote the URI; name the failure's type only
      throw new IllegalStateException("MongoDB did not answer an authenticated ping in " + startupTimeout
          + " (last: " + (last == null ? "none" : last.getClass().getSimpleName()) + ")");
    }
  }
}
