package io.crvsbackup.elastic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.crvsbackup.config.Settings;
import io.crvsbackup.job.Engine;
import io.crvsbackup.job.JobListener;
import io.crvsbackup.store.BackupSet;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The upgrade path OpenCRVS took (7.17 up to 1.5, 8.x from 1.6): a set taken on 7.17 restores into 8.x
 * from the same repository folder, and 8.x goes on taking sets into that repository.
 */
class ElasticUpgradeIT {

  @Test
  void aSnapshotTakenOn717RestoresInto8AndTheRepositoryGoesOn() throws Exception {
    try (EsFixture f = new EsFixture(EsNode.ES7)) {
      OpencrvsData data = f.data(20);
      data.load(EsNode.ES7);
      BackupSet on7 = f.backup(f.engine(List.of(f.id + "-*")), "2026-11-24");
      Map<String, Map<String, JsonNode>> taken = ElasticEngineIT.documents(EsNode.ES7, data.indices());
      // One repository folder is never registered on both clusters at once.
      EsNode.ES7.unregister(f.repository);
      Engine on8 = f.engine(new Settings.Elastic(Optional.of(URI.create(EsNode.ES8.url())), List.of(f.id + "-*"),
          f.repository, Optional.empty(), Optional.empty()));
      try {
        f.restore(on8, on7);

        assertThat(ElasticEngineIT.documents(EsNode.ES8, data.indices())).isEqualTo(taken);
        JsonNode settings = EsNode.ES8.ok("GET", "/" + data.compositions() + "/_settings", null);
        assertThat(settings.findValue("version").path("created").asText()).startsWith("717");
        EsNode.ES8.bulk(data.compositions(), data.compositions(10, 5000));
        BackupSet next = f.backup(on8, "2026-11-25");
        assertThat(next.manifest().orElseThrow().engines().get("elasticsearch").path("serverVersion").asText())
            .startsWith("8.");
        assertThat(on8.verifyOffline(on7, JobListener.NONE)).isEmpty();
        assertThat(on8.verifyOffline(next, JobListener.NONE)).isEmpty();
        f.restore(on8, on7);
        assertThat(ElasticEngineIT.documents(EsNode.ES8, data.indices())).isEqualTo(taken);
      } finally {
        EsNode.ES8.deleteIndices(data.indices());
        EsNode.ES8.unregister(f.repository);
      }
    }
  }
}
