package io.crvsbackup.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crvsbackup.env.TestEnv;
import io.crvsbackup.job.BackupTarget;
import io.crvsbackup.job.Engine;
import io.crvsbackup.job.EngineException;
import io.crvsbackup.job.JobListener;
import io.crvsbackup.store.BackupStore;
import io.crvsbackup.store.Label;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3, wrong credentials. The shared FerretDB has no authentication, so this test starts its own
 * FerretDB ({@code $FERRETDB}) with {@code --test-enable-new-auth}, which refuses any login it cannot
 * verify, as a MongoDB with access control refuses a wrong password. The error must say that the
 * credentials were refused, name the user and the host, and never show the password.
 */
class MongoCredentialsIT {
  private static final String PASSWORD = "s3cr3t/Pa ss@rs0";

  @Test
  void wrongCredentialsGiveAClearErrorWithoutThePassword(@TempDir Path dir) throws Exception {
    String ferretdb = TestEnv.require("FERRETDB");
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Process server = new ProcessBuilder(ferretdb, "--handler=sqlite",
        "--sqlite-url=file:" + dir.resolve("data") + "/", "--listen-addr=127.0.0.1:" + port,
        "--repl-set-name=rs0", "--state-dir=" + dir.resolve("state"), "--debug-addr=-",
        "--telemetry=disable", "--test-enable-new-auth")
        .redirectErrorStream(true).redirectOutput(dir.resolve("ferretdb.log").toFile()).start();
    try {
      java.nio.file.Files.createDirectories(dir.resolve("data"));
      awaitPort(port, server);
      String encoded = MongoEndpoint.encode(PASSWORD);
      String uri = "mongodb://backup-admin:" + encoded + "@127.0.0.1:" + port + "/?replicaSet=rs0&authSource=admin";
      Engine engine = MongoKit.engine(uri, List.of("hearth-dev"), List.of(), Tuning.DEFAULTS);
      BackupStore store = MongoKit.store(dir.resolve("backups"));

      assertThatThrownBy(() -> engine.backup(new BackupTarget(Label.parse("2026-11-25"), store.layout(), JobListener.NONE)))
          .isInstanceOf(EngineException.class)
          .hasMessageContaining("refused the credentials of user 'backup-admin'")
          .hasMessageContaining("127.0.0.1:" + port)
          .satisfies(e -> assertNoSecret(e));
      assertThat(MongoBackupFailuresIT.files(store.layout().mongoDir())).isEmpty();
    } finally {
      server.destroy();
      if (!server.waitFor(10, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
    }
  }

  private static void assertNoSecret(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      assertThat(String.valueOf(t.getMessage())).doesNotContain(PASSWORD).doesNotContain(MongoEndpoint.encode(PASSWORD));
      for (Throwable s : t.getSuppressed()) {
        assertNoSecret(s);
      }
    }
  }

  private static void awaitPort(int port, Process server) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      assertThat(server.isAlive()).as("FerretDB started").isTrue();
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return;
      } catch (java.io.IOException e) {
        Thread.sleep(100);
      }
    }
    throw new AssertionError("FerretDB did not listen on " + port);
  }
}
