package io.crvsbackup.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crvsbackup.config.Secret;
import io.crvsbackup.config.Settings;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MongoEndpointTest {
  private static final String PASSWORD = "p@ss:w/rd+ 100%";

  private static Settings.Mongo settings(Optional<String> uri, Optional<String> user, Optional<String> password) {
    return new Settings.Mongo(uri.map(Secret::of), List.of(), List.of(), 4, user, password.map(Secret::of));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 5})
  void replicaSetHostsComeFromTheReplicaCount(int replicas) {
    MongoEndpoint e = MongoEndpoint.of(settings(Optional.empty(), Optional.of("admin"), Optional.of(PASSWORD)), replicas);
    StringBuilder hosts = new StringBuilder();
    for (int i = 1; i <= replicas; i++) {
      hosts.append(i > 1 ? "," : "").append("mongo").append(i).append(":27017");
    }
    assertThat(e.hosts()).isEqualTo(hosts.toString());
    assertThat(e.user()).isEqualTo("admin");
    assertThat(e.authSource()).isEqualTo("admin");
    assertThat(e.describe()).isEqualTo("mongodb://******@" + hosts + "/?replicaSet=rs0&authSource=admin");
  }

  @Test
  void credentialsAreUrlEncodedAndSurviveTheDriversParsing() {
    MongoEndpoint e = MongoEndpoint.of(settings(Optional.empty(), Optional.of("ad min@x"), Optional.of(PASSWORD)), 1);
    var credential = e.clientSettings(Tuning.DEFAULTS).getCredential();
    assertThat(credential.getUserName()).isEqualTo("ad min@x");
    assertThat(new String(credential.getPassword())).isEqualTo(PASSWORD);
    assertThat(MongoEndpoint.encode(PASSWORD)).isEqualTo("p%40ss%3Aw%2Frd%2B%20100%25");
  }

  @Test
  void withoutCredentialsThereIsNoAuthSource() {
    MongoEndpoint e = MongoEndpoint.of(settings(Optional.empty(), Optional.empty(), Optional.empty()), 3);
    assertThat(e.describe()).isEqualTo("mongodb://mongo1:27017,mongo2:27017,mongo3:27017/?replicaSet=rs0");
    assertThat(e.clientSettings(Tuning.DEFAULTS).getCredential()).isNull();
  }

  @Test
  void theUriWinsOverReplicasAndItsPasswordIsMasked() {
    String uri = "mongodb://backup:" + MongoEndpoint.encode(PASSWORD) + "@db.example:27018/?replicaSet=rs9";
    MongoEndpoint e = MongoEndpoint.of(settings(Optional.of(uri), Optional.empty(), Optional.empty()), 5);
    assertThat(e.hosts()).isEqualTo("db.example:27018");
    assertThat(e.describe()).isEqualTo("mongodb://******@db.example:27018/?replicaSet=rs9");
    assertThat(e.redact("failed: " + uri + " / " + PASSWORD + " / " + MongoEndpoint.encode(PASSWORD)))
        .doesNotContain(PASSWORD).doesNotContain(MongoEndpoint.encode(PASSWORD)).contains("******");
    assertThat(e.toString()).doesNotContain(MongoEndpoint.encode(PASSWORD));
  }

  @Test
  void anyUserInfoInAMessageIsMasked() {
    MongoEndpoint e = MongoEndpoint.of(settings(Optional.empty(), Optional.empty(), Optional.empty()), 1);
    assertThat(e.redact("see mongodb://u:other-secret@h:1/x and mongodb+srv://a:b@c"))
        .isEqualTo("see mongodb://******@h:1/x and mongodb+srv://******@c");
  }

  @Test
  void serverSelectionTimeoutIsShortUnlessTheUriSetsOne() {
    MongoEndpoint plain = MongoEndpoint.of(settings(Optional.of("mongodb://h:1/"), Optional.empty(), Optional.empty()), 1);
    assertThat(plain.clientSettings(Tuning.DEFAULTS).getClusterSettings()
        .getServerSelectionTimeout(java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(12);
    MongoEndpoint own = MongoEndpoint.of(
        settings(Optional.of("mongodb://h:1/?serverSelectionTimeoutMS=60000"), Optional.empty(), Optional.empty()), 1);
    assertThat(own.clientSettings(Tuning.DEFAULTS).getClusterSettings()
        .getServerSelectionTimeout(java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(60);
  }

  @Test
  void badInputIsRefusedWithoutShowingASecret() {
    assertThatThrownBy(() -> MongoEndpoint.of(settings(Optional.empty(), Optional.of("admin"), Optional.empty()), 1))
        .hasMessageContaining("MONGODB_ADMIN_USER and MONGODB_ADMIN_PASSWORD must be set together");
    assertThatThrownBy(() -> MongoEndpoint.of(settings(Optional.empty(), Optional.empty(), Optional.empty()), 0))
        .hasMessageContaining("at least 1 member");
    assertThatThrownBy(() -> MongoEndpoint.of(
            settings(Optional.of("mongodb://u:" + "hunter2" + "@h:1/?replicaSet=rs0&bogus=%zz"), Optional.empty(),
                Optional.empty()), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .satisfies(t -> assertThat(t.getMessage()).doesNotContain("hunter2"));
  }
}
