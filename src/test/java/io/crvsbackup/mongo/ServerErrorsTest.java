package io.crvsbackup.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoCredential;
import com.mongodb.MongoSecurityException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.ServerAddress;
import io.crvsbackup.config.Secret;
import io.crvsbackup.config.Settings;
import java.util.List;
import java.util.Optional;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

class ServerErrorsTest {
  private final MongoEndpoint endpoint = MongoEndpoint.of(new Settings.Mongo(Optional.empty(), List.of(), List.of(), 4,
      Optional.of("admin"), Optional.of(Secret.of("t0p-secret"))), 3);
  private final ServerErrors errors = new ServerErrors(endpoint, Tuning.DEFAULTS);

  @Test
  void unreachableNamesTheHostsTheWaitAndTheReason() {
    var e = new MongoTimeoutException("Timed out while waiting for a server that matches "
        + "ReadPreferenceServerSelector{readPreference=primary}. Client view of cluster state is {type=REPLICA_SET, "
        + "servers=[{address=mongo1:27017, type=UNKNOWN, state=CONNECTING, exception={com.mongodb.MongoSocketException: "
        + "mongo1}, caused by {java.net.UnknownHostException: mongo1}}]");
    assertThat(errors.failed("connect to", e).getMessage()).isEqualTo("connect to mongo1:27017,mongo2:27017,"
        + "mongo3:27017: cannot reach MongoDB: no server of mongo1:27017,mongo2:27017,mongo3:27017 answered within "
        + "12 s (UnknownHostException: mongo1)");
  }

  @Test
  void wrongCredentialsAreSaidInPlainWordsWithoutThePassword() {
    var cause = new MongoCommandException(BsonDocument.parse(
        "{ok: 0, errmsg: 'Authentication failed.', code: 18, codeName: 'AuthenticationFailed'}"), new ServerAddress("mongo1"));
    var e = new MongoSecurityException(MongoCredential.createCredential("admin", "admin", "t0p-secret".toCharArray()),
        "Exception authenticating t0p-secret", cause);
    String m = errors.failed("dump hearth-dev.Patient from", e).getMessage();
    assertThat(m).isEqualTo("dump hearth-dev.Patient from mongo1:27017,mongo2:27017,mongo3:27017: the server refused"
        + " the credentials of user 'admin' (authSource admin): Authentication failed.; check MONGODB_ADMIN_USER and"
        + " MONGODB_ADMIN_PASSWORD");
    assertThat(errors.failed("x", e).getCause().getMessage()).doesNotContain("t0p-secret");
  }

  @Test
  void missingPrivilegesAreNamed() {
    var e = new MongoCommandException(BsonDocument.parse(
        "{ok: 0, errmsg: 'not authorized on admin to execute command', code: 13, codeName: 'Unauthorized'}"),
        new ServerAddress("mongo1"));
    assertThat(errors.failed("list the databases of", e).getMessage())
        .contains("user 'admin' is not allowed to do this: not authorized on admin");
  }

  @Test
  void cursorErrorsOfADroppedCollectionAreRecognised() {
    for (int code : new int[] {26, 43, 175, 237}) {
      assertThat(ServerErrors.collectionGone(new MongoCommandException(
          BsonDocument.parse("{ok: 0, errmsg: 'x', code: " + code + "}"), new ServerAddress()))).isTrue();
    }
    assertThat(ServerErrors.collectionGone(new MongoCommandException(
        BsonDocument.parse("{ok: 0, errmsg: 'x', code: 11000}"), new ServerAddress()))).isFalse();
  }
}
