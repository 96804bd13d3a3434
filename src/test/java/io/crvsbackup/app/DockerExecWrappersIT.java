package io.crvsbackup.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The image's {@code backup} and {@code restore} commands (docker/bin) run the packaged jar's commands,
 * so that {@code docker exec -it <ctr> restore monday 3} works as the OpenCRVS docs describe.
 */
class DockerExecWrappersIT {
  @TempDir Path backupDir;

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "restore | funday | 2 | there is no set 'funday'",
    "restore | latest 4 | 2 | <replicas> must be 1, 3 or 5",
    "backup | --label BAD! | 2 | is not a valid label",
    "crvs-backup | list | 0 | No backup sets in"
  })
  void wrappersRunThePackagedCommands(String wrapper, String args, int code, String expected) throws Exception {
    String jar = System.getProperty("crvs.jar");
    assertThat(Path.of(jar)).as("the packaged jar").exists();
    var command = new java.util.ArrayList<String>();
    command.add(Path.of("docker/bin", wrapper).toAbsolutePath().toString());
    command.addAll(java.util.List.of(args.split(" ")));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("CRVS_BACKUP_JAR", jar);
    pb.environment().put("BACKUP_DIR", backupDir.toString());
    pb.environment().put("DOCKER_HOST", "unix://" + backupDir.resolve("no-docker.sock"));
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isEqualTo(code);
    assertThat(out).contains(expected);
    try (var files = Files.list(backupDir)) {
      assertThat(files.filter(f -> !f.getFileName().toString().startsWith(".")).toList()).isEmpty();
    }
  }
}
