package io.crvsbackup.elastic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The messages an operator reads for each kind of failed call. */
class DiagnosisTest {
  private final Diagnosis d = new Diagnosis("http://elasticsearch:9200", Optional.of("elastic"),
      "/data/backups/elasticsearch");

  private String message(int status, String type, String... reasons) {
    return d.fail("register snapshot repository 'ocrvs' at /data/backups/elasticsearch",
        new ClusterException(status, type, List.of(reasons), null)).getMessage();
  }

  @Test
  void pathRepoNotSetSaysWhatToAdd() {
    assertThat(message(500, "repository_exception", "repository_exception: [ocrvs] failed to create repository",
        "repository_exception: [ocrvs] location [/data/backups/elasticsearch] doesn't match any of the locations"
            + " specified by path.repo because this setting is empty"))
        .startsWith("register snapshot repository 'ocrvs' at /data/backups/elasticsearch on Elasticsearch at"
            + " http://elasticsearch:9200: the server refuses the location /data/backups/elasticsearch because it is"
            + " not under its path.repo setting")
        .contains("Add path.repo=/data/backups/elasticsearch to the Elasticsearch node's settings")
        .contains("'path.repo=/data/backups/elasticsearch' of the elasticsearch service");
  }

  @Test
  void anUnwritableFolderSaysWhoMustBeAbleToWrite() {
    assertThat(message(500, "repository_verification_exception",
        "repository_verification_exception: [ocrvs] path  is not accessible on master node",
        "access_denied_exception: /data/backups/elasticsearch/tests-x"))
        .contains("Elasticsearch cannot write into the repository folder /data/backups/elasticsearch")
        .contains("uid 1000");
  }

  @Test
  void wrongCredentialsNameTheUserAndTheVariables() {
    assertThat(message(401, "security_exception", "security_exception: unable to authenticate user [elastic]"))
        .contains("the server refused the credentials of user 'elastic'")
        .contains("ELASTICSEARCH_ADMIN_USER and ELASTICSEARCH_ADMIN_PASSWORD");
    assertThat(new Diagnosis("http://es:9200", Optional.empty(), "/x").explain(
        new ClusterException(401, "security_exception", List.of("missing authentication"), null)))
        .contains("(no user is set)");
  }

  @Test
  void aMissingPrivilegeSaysWhichAreNeeded() {
    assertThat(message(403, "security_exception", "security_exception: action [cluster:admin/repository/put] is"
        + " unauthorized for user [backup]")).contains("user 'elastic' may not do this").contains("create_snapshot");
  }

  @Test
  void anUnreachableServerOrAForeignOneIsNamed() {
    assertThat(message(0, ClusterException.UNREACHABLE, "java.net.ConnectException: Connection refused"))
        .contains("cannot connect (java.net.ConnectException: Connection refused)").contains("ELASTICSEARCH_URL");
    assertThat(message(200, ClusterException.NOT_ELASTICSEARCH, "Missing [X-Elastic-Product] header"))
        .contains("did not identify itself as Elasticsearch").contains("7.14 or newer");
  }

  @Test
  void aRepositoryFromANewerVersionIsNamed() {
    assertThat(message(500, "repository_exception", "repository_exception: [ocrvs] Unexpected exception when loading"
        + " repository data", "illegal_state_exception: this snapshot repository format requires Elasticsearch"
        + " version [8.0.0] or later")).contains("written by a newer Elasticsearch than this server");
  }

  @Test
  void anythingElseKeepsTheServersWords() {
    assertThat(message(400, "illegal_argument_exception", "illegal_argument_exception: something odd"))
        .endsWith(": illegal_argument_exception: something odd");
  }
}
