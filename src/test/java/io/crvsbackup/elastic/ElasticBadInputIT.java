package io.crvsbackup.elastic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crvsbackup.config.Secret;
import io.crvsbackup.config.Settings;
import io.crvsbackup.job.BackupTarget;
import io.crvsbackup.job.Engine;
import io.crvsbackup.job.EngineException;
import io.crvsbackup.store.BackupSet;
import io.crvsbackup.store.Label;
import io.crvsbackup.store.Layout;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each bad input of issue 5 gets its own message, and no index is deleted. */
class ElasticBadInputIT {

  @ParameterizedTest
  @EnumSource(EsNode.class)
  void wrongCredentialsAreRefusedByNameAndTheRightOnesAreSentOnEveryRequest(EsNode node) throws Exception {
    try (EsFixture f = new EsFixture(node); AuthProxy proxy = new AuthProxy(node.url(), "elastic", "right-pass")) {
      String live = f.index("ocrvs");
      node.bulk(live, new OpencrvsData(f.id, 10).compositions(20, 0));
      Engine good = f.engine(withAuth(f, proxy, "right-pass"));
      BackupSet set = f.backup(good, "2026-11-25");
      assertThat(proxy.authorizations).isNotEmpty().allMatch(a -> a.equals(basic("elastic", "right-pass")));
      assertThat(proxy.accepts).anyMatch(a -> a.contains("compatible-with=8"));
      node.bulk(live, new OpencrvsData(f.id, 11).compositions(5, 100));
      Engine wrong = f.engine(withAuth(f, proxy, "wrong-pass"));

      assertThatThrownBy(() -> wrong.backup(new BackupTarget(new Label("2026-11-26"), f.store.layout(), f.listener)))
          .isInstanceOf(EngineException.class)
          .hasMessageContaining("on Elasticsearch at " + proxy.url())
          .hasMessageContaining("refused the credentials of user 'elastic'")
          .hasMessageContaining("ELASTICSEARCH_ADMIN_PASSWORD")
          .message().doesNotContain("wrong-pass");
      assertThatThrownBy(() -> f.restore(wrong, set))
          .hasMessageContaining("refused the credentials of user 'elastic'")
          .hasMessageEndingWith("no index was deleted or restored");
      assertThat(node.count(live)).isEqualTo(25);
    }
  }

  @ParameterizedTest
  @EnumSource(EsNode.class)
  void anUnreachableServerIsNamed(EsNode node) throws Exception {
    try (EsFixture f = new EsFixture(node)) {
      String live = f.index("ocrvs");
      node.bulk(live, new OpencrvsData(f.id, 12).compositions(20, 0));
      BackupSet set = f.backup(f.engine(List.of(live)), "2026-11-25");
      String closed = "http://127.0.0.1:" + closedPort();
      Engine engine = f.engine(new Settings.Elastic(Optional.of(URI.create(closed)), List.of(), f.repository,
          Optional.empty(), Optional.empty()));

      assertThatThrownBy(() -> engine.backup(new BackupTarget(new Label("2026-11-26"), f.store.layout(), f.listener)))
          .hasMessageStartingWith("read the server version on Elasticsearch at " + closed + ": cannot connect")
          .hasMessageContaining("ELASTICSEARCH_URL");
      assertThatThrownBy(() -> f.restore(engine, set))
          .hasMessageContaining("cannot connect").hasMessageEndingWith("no index was deleted or restored");
      assertThatThrownBy(() -> engine.forget(set, f.listener)).hasMessageContaining("cannot connect");
      assertThat(node.count(live)).isEqualTo(20);
    }
  }

  @ParameterizedTest
  @EnumSource(EsNode.class)
  void aFolderOutsidePathRepoGetsTheSettingToAdd(EsNode node) throws Exception {
    Path outside = Files.createTempDirectory("crvs-es-outside-");
    try (EsFixture f = new EsFixture(node)) {
      Layout layout = new Layout(outside);
      Settings.Elastic settings = f.settings(List.of());
      Connection c = Connection.of(settings);
      Engine engine = ElasticEngine.create(c, settings, layout, c::open, Clock.systemUTC(), Poll.THREAD_SLEEP,
          EsFixture.FAST);

      assertThatThrownBy(() -> engine.backup(new BackupTarget(new Label("2026-11-25"), layout, f.listener)))
          .hasMessageStartingWith("register snapshot repository '" + f.repository + "' at " + layout.elasticRepository())
          .hasMessageContaining("not under its path.repo setting")
          .hasMessageContaining("Add path.repo=" + layout.elasticRepository());
      assertThat(node.registered(f.repository)).as("a refused registration is not left behind").isFalse();
    } finally {
      EsFixture.deleteTree(outside);
    }
  }

  @ParameterizedTest
  @EnumSource(EsNode.class)
  void aFolderElasticsearchCannotWriteIsNamed(EsNode node) throws Exception {
    try (EsFixture f = new EsFixture(node)) {
      String live = f.index("ocrvs");
      node.bulk(live, new OpencrvsData(f.id, 13).compositions(20, 0));
      Engine engine = f.engine(List.of(live));
      Path folder = f.repositoryFolder();
      Files.createDirectories(folder);
      // Root writes through any permission bits; the immutable attribute stops root too.
      Immutable.set(folder, true);
      try {
        assertThatThrownBy(() -> f.backup(engine, "2026-11-25"))
            .hasMessageStartingWith("register snapshot repository '" + f.repository + "' at " + folder)
            .hasMessageContaining("cannot write into the repository folder " + folder)
            .hasMessageContaining("chown");
        assertThat(node.registered(f.repository)).isFalse();
        Immutable.set(folder, false);
        BackupSet set = f.backup(engine, "2026-11-26");
        Immutable.set(folder, true);
        assertThatThrownBy(() -> engine.backup(new BackupTarget(new Label("2026-11-27"), f.store.layout(), f.listener)))
            .hasMessageStartingWith("verify snapshot repository '" + f.repository + "'")
            .hasMessageContaining("cannot write into the repository folder " + folder);
        assertThat(set.snapshot()).isPresent();
      } finally {
        Immutable.set(folder, false);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(EsNode.class)
  void aSnapshotMissingFromTheRepositoryIsRefusedBeforeAnythingIsDeleted(EsNode node) throws Exception {
    try (EsFixture f = new EsFixture(node)) {
      String live = f.index("ocrvs");
      node.bulk(live, new OpencrvsData(f.id, 14).compositions(20, 0));
      Engine engine = f.engine(List.of(live));
      BackupSet set = f.backup(engine, "2026-11-25");
      node.ok("DELETE", "/_snapshot/" + f.repository + "/snapshot_2026-11-25", null);
      node.bulk(live, new OpencrvsData(f.id, 15).compositions(3, 500));

      assertThatThrownBy(() -> f.restore(engine, set))
          .hasMessageStartingWith("restore snapshot 'snapshot_2026-11-25' in repository '" + f.repository + "'")
          .hasMessageContaining("does not hold it (it holds no snapshot)")
          .hasMessageEndingWith("no index was deleted or restored");
      assertThat(node.count(live)).isEqualTo(23);
    }
  }

  /** Elasticsearch 8 writes a snapshot; 7.17, given the same folder, must refuse it before deleting anything. */
  @Test
  void aSnapshotWrittenByANewerMajorVersionIsRefusedBeforeAnythingIsDeleted() throws Exception {
    try (EsFixture f = new EsFixture(EsNode.ES8)) {
      OpencrvsData data = f.data(16);
      data.load(EsNode.ES8);
      BackupSet set = f.backup(f.engine(List.of(f.id + "-*")), "2026-11-25");
      EsNode.ES8.unregister(f.repository);
      EsNode.ES7.bulk(data.compositions(), data.compositions(7, 0));
      try {
        Engine on7 = f.engine(new Settings.Elastic(Optional.of(URI.create(EsNode.ES7.url())), List.of(), f.repository,
            Optional.empty(), Optional.empty()));

        assertThatThrownBy(() -> f.restore(on7, set))
            .hasMessageContaining("it was written by Elasticsearch 8.x")
            .hasMessageContaining("this server is 7.17")
            .hasMessageContaining("Restore it onto Elasticsearch 8.x or newer")
            .hasMessageEndingWith("no index was deleted or restored");
        assertThat(EsNode.ES7.count(data.compositions())).isEqualTo(7);
      } finally {
        EsNode.ES7.deleteIndices(data.indices());
        EsNode.ES7.unregister(f.repository);
      }
    }
  }

  /** A repository whose root index asks for a newer major version than the server (a crafted min_version). */
  @ParameterizedTest
  @EnumSource(EsNode.class)
  void aRepositoryThatNeedsANewerVersionIsRefusedBeforeAnythingIsDeleted(EsNode node) throws Exception {
    try (EsFixture f = new EsFixture(node)) {
      String live = f.index("ocrvs");
      node.bulk(live, new OpencrvsData(f.id, 17).compositions(20, 0));
      Engine engine = f.engine(List.of(live));
      BackupSet set = f.backup(engine, "2026-11-25");
      node.unregister(f.repository);
      Path index = RepositoryData.currentIndex(f.repositoryFolder()).orElseThrow();
      ObjectNode root = (ObjectNode) EsNode.JSON.readTree(index.toFile());
      root.put("min_version", (node.major + 1) + ".0.0");
      Files.write(index, EsNode.JSON.writeValueAsBytes(root));

      assertThatThrownBy(() -> f.restore(engine, set))
          .hasMessageContaining("was written by a newer Elasticsearch (it needs at least " + (node.major + 1) + ".0.0)")
          .hasMessageContaining("Restore onto Elasticsearch " + (node.major + 1) + ".x or newer")
          .hasMessageEndingWith("no index was deleted or restored");
      assertThat(node.count(live)).isEqualTo(20);
    }
  }

  private static Settings.Elastic withAuth(EsFixture f, AuthProxy proxy, String password) {
    return new Settings.Elastic(Optional.of(URI.create(proxy.url())), List.of(f.id + "-*"), f.repository,
        Optional.of("elastic"), Optional.of(Secret.of(password)));
  }

  private static String basic(String user, String password) {
    return "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + password).getBytes());
  }

  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
