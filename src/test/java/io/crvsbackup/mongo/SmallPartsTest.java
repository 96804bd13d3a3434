package io.crvsbackup.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crvsbackup.config.Settings;
import io.crvsbackup.job.EngineException;
import io.crvsbackup.job.JobListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonTimestamp;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.junit.jupiter.api.Test;

/** The engine's small pure parts: database choice, renames, empty timestamps, progress rate. */
class SmallPartsTest {
  private static Settings.Mongo settings(List<String> databases, List<String> excludes) {
    return new Settings.Mongo(Optional.empty(), databases, excludes, 4, Optional.empty(), Optional.empty());
  }

  @Test
  void autoTakesEveryDatabaseButTheSystemOnes() {
    Databases d = Databases.of(settings(List.of(), List.of()),
        new LinkedHashSet<>(List.of("user-mgnt", "admin", "local", "config", "hearth-dev")));
    assertThat(d.names()).containsExactly("hearth-dev", "user-mgnt");
    assertThat(d.warnings()).isEmpty();
  }

  @Test
  void listedDatabasesAreTakenAsGivenAndExcludesSplitAtTheFirstDot() {
    Databases d = Databases.of(settings(List.of("hearth-dev", "openhim-dev", "hearth-dev"),
        List.of("openhim-dev.transactions", "hearth-dev.a.b", "nodot")), Set.of("hearth-dev"));
    assertThat(d.names()).containsExactly("hearth-dev", "openhim-dev");
    assertThat(d.excludes("openhim-dev")).containsExactly("transactions");
    assertThat(d.excludes("hearth-dev")).containsExactly("a.b");
    assertThat(d.excludes("user-mgnt")).isEmpty();
    assertThat(d.warnings()).singleElement().asString().contains("'nodot'");
  }

  @Test
  void renamesMapDatabasesAndRefuseClashes() throws Exception {
    assertThat(Renames.targets(List.of("hearth-dev", "user-mgnt"), Map.of("hearth-dev", "drill", "ocrvs*", "x")))
        .containsExactly(Map.entry("hearth-dev", "drill"), Map.entry("user-mgnt", "user-mgnt"));
    assertThatThrownBy(() -> Renames.targets(List.of("a", "b"), Map.of("a", "b")))
        .isInstanceOf(EngineException.class).hasMessage("cannot restore both a and b into database b");
    assertThatThrownBy(() -> Renames.targets(List.of("a"), Map.of("a", "x.y")))
        .isInstanceOf(EngineException.class).hasMessageContaining("not a valid database name");
  }

  @Test
  void emptyTimestampsAreFoundAtTopLevelOnlyAndNotInId() {
    assertThat(EmptyTimestamps.hasTopLevel(raw("{_id: 1, t: {$timestamp: {t: 0, i: 0}}}"))).isTrue();
    assertThat(EmptyTimestamps.hasTopLevel(raw("{_id: {$timestamp: {t: 0, i: 0}}}"))).isFalse();
    assertThat(EmptyTimestamps.hasTopLevel(raw("{_id: 1, n: {t: {$timestamp: {t: 0, i: 0}}}}"))).isFalse();
    assertThat(EmptyTimestamps.hasTopLevel(raw("{_id: 1, t: {$timestamp: {t: 1, i: 0}}}"))).isFalse();
    assertThat(EmptyTimestamps.hasTopLevel(raw("{_id: 1, s: 'no timestamp here'}"))).isFalse();
    assertThat(EmptyTimestamps.hasTopLevel(new RawBsonDocument(
        new BsonDocument("_id", new BsonInt32(1)).append("t", new BsonTimestamp(0)), new BsonDocumentCodec()))).isTrue();
  }

  @Test
  void progressIsToldAtTheStartAtABoundedRateAndAlwaysAtTheEnd() {
    List<String> events = new ArrayList<>();
    JobListener l = new JobListener() {
      @Override
      public void progress(String engine, String item, long count, long bytes, boolean done) {
        events.add(count + (done ? " done" : ""));
      }
    };
    ProgressMeter m = new ProgressMeter(l, "mongo", "db.c", Duration.ofHours(1));
    for (int i = 0; i < 100_000; i++) {
      m.add(10);
    }
    m.done();
    assertThat(events).containsExactly("0", "100000 done");
    assertThat(m.bytes()).isEqualTo(1_000_000);
  }

  private static RawBsonDocument raw(String json) {
    return RawBsonDocument.parse(json);
  }
}
