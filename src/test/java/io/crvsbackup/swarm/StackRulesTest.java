package io.crvsbackup.swarm;

import static io.crvsbackup.swarm.Fixtures.STACK;
import static io.crvsbackup.swarm.Fixtures.classify;
import static io.crvsbackup.swarm.Fixtures.global;
import static io.crvsbackup.swarm.Fixtures.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crvsbackup.config.Settings.HostPort;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StackRulesTest {

  @Test
  void openCrvsNamesMakeTheDatabasesAndEverythingElseIsADependent() throws Exception {
    StackServices s = classify(service("mongo2", 1), service("gateway", 2), service("mongo1", 1),
        service("elasticsearch", 1), service("influxdb", 1), service("mongo3", 1), service("workflow", 1),
        global("filebeat"));

    assertThat(s.mongoMembers()).isEqualTo(3);
    assertThat(s.mongoHosts()).containsExactly(
        new HostPort("mongo1", 27017), new HostPort("mongo2", 27017), new HostPort("mongo3", 27017));
    assertThat(s.mongoSeedList()).isEqualTo("mongo1:27017,mongo2:27017,mongo3:27017");
    assertThat(s.elasticsearch().orElseThrow().address()).isEqualTo(new HostPort("elasticsearch", 9200));
    assertThat(s.influxdb().orElseThrow().address()).isEqualTo(new HostPort("influxdb", 8086));
    assertThat(s.influxdb().orElseThrow().rpcAddress()).contains(new HostPort("influxdb", 8088));
    assertThat(s.elasticsearch().orElseThrow().rpcAddress()).isEmpty();
    assertThat(s.dependents()).extracting(ServiceInfo::name)
        .containsExactly("opencrvs_filebeat", "opencrvs_gateway", "opencrvs_workflow");
    assertThat(s.services()).extracting(x -> x.info().name()).startsWith(
        "opencrvs_mongo1", "opencrvs_mongo2", "opencrvs_mongo3", "opencrvs_elasticsearch", "opencrvs_influxdb");
    assertThat(s.warnings()).isEmpty();
  }

  @Test
  void labelsOverrideNamesAndAddresses() throws Exception {
    StackServices s = classify(
        service("docdb", 1, "crvs-backup.engine=mongo", "crvs-backup.address=docdb.internal:27018"),
        service("search", 1, "crvs-backup.engine=elasticsearch"),
        service("elasticsearch", 1, "crvs-backup.engine=none"),
        service("metrics", 1, "crvs-backup.engine=InfluxDB", "crvs-backup.rpc-address=metrics:9999"),
        service("mongo1", 1, "crvs-backup.address=10.0.0.5:27017"));

    assertThat(s.mongoHosts()).containsExactly(new HostPort("10.0.0.5", 27017), new HostPort("docdb.internal", 27018));
    assertThat(s.mongo()).extracting(DatabaseService::byLabel).containsExactly(false, true);
    assertThat(s.elasticsearch().orElseThrow().service()).isEqualTo("opencrvs_search");
    assertThat(s.elasticsearch().orElseThrow().address()).isEqualTo(new HostPort("search", 9200));
    assertThat(s.influxdb().orElseThrow().address()).isEqualTo(new HostPort("metrics", 8086));
    assertThat(s.influxdb().orElseThrow().rpcAddress()).contains(new HostPort("metrics", 9999));
    assertThat(s.dependents()).extracting(ServiceInfo::name).containsExactly("opencrvs_elasticsearch");
  }

  @Test
  void keepRunningAndOurOwnServiceAreNotDependents() throws Exception {
    StackServices s = StackServices.classify(STACK, List.of(
        service("backup", 1), service("traefik", 1, "crvs-backup.keep-running=TRUE"),
        service("gateway", 2, "crvs-backup.keep-running=false"), service("mongo1", 1)),
        Optional.of("id-backup"));

    assertThat(s.dependents()).extracting(ServiceInfo::name).containsExactly("opencrvs_gateway");
    assertThat(s.withRole(StackService.Role.SELF)).extracting(ServiceInfo::name).containsExactly("opencrvs_backup");
    assertThat(s.withRole(StackService.Role.KEEP_RUNNING)).extracting(ServiceInfo::name)
        .containsExactly("opencrvs_traefik");
  }

  @Test
  void namesOutsideTheOpenCrvsPatternAreDependents() throws Exception {
    StackServices s = classify(service("mongo1", 1), service("mongo6", 1), service("mongo-on-update", 1),
        service("elasticsearch2", 1), service("influxdb-proxy", 1));

    assertThat(s.mongoMembers()).isEqualTo(1);
    assertThat(s.dependents()).hasSize(4);
  }

  @Test
  void everyBadLabelIsReportedAtOnce() {
    assertThatThrownBy(() -> classify(
        service("a", 1, "crvs-backup.engine=postgres"),
        service("b", 1, "crvs-backup.engine=mongo", "crvs-backup.address=nohost"),
        service("c", 1, "crvs-backup.keep-running=yes"),
        service("d", 1, "crvs-backup.engine=influxdb", "crvs-backup.address=influx:99999")))
        .isInstanceOf(SwarmException.class)
        .hasMessageContaining("stack 'opencrvs'")
        .hasMessageContaining("(4 problems)")
        .hasMessageContaining("opencrvs_a: label crvs-backup.engine=postgres is not one of mongo, elasticsearch, influxdb, none")
        .hasMessageContaining("opencrvs_b: label crvs-backup.address=nohost is not host:port")
        .hasMessageContaining("opencrvs_c: label crvs-backup.keep-running=yes is neither true nor false")
        .hasMessageContaining("opencrvs_d: label crvs-backup.address=influx:99999 is not host:port");
  }

  @Test
  void twoElasticsearchServicesAreRefused() {
    assertThatThrownBy(() -> classify(service("elasticsearch", 1), service("es-new", 1, "crvs-backup.engine=elasticsearch")))
        .hasMessageContaining("elasticsearch runs as a single node in OpenCRVS, but 2 services are elasticsearch:"
            + " opencrvs_elasticsearch, opencrvs_es-new; label the others crvs-backup.engine=none");
  }

  @Test
  void aGapInTheMongoNumbersIsAWarning() throws Exception {
    StackServices s = classify(service("mongo1", 1), service("mongo3", 1));

    assertThat(s.mongoMembers()).isEqualTo(2);
    assertThat(s.mongoSeedList()).isEqualTo("mongo1:27017,mongo3:27017");
    assertThat(s.warnings()).singleElement().asString().contains("not numbered mongo1..mongoN without gaps: found [1, 3]");
  }

  @Test
  void aServiceOutsideTheStackPrefixKeepsItsWholeNameAsHost() throws Exception {
    ServiceInfo odd = new ServiceInfo("x", "legacy-mongo", Fixtures.labels("crvs-backup.engine=mongo"),
        ServiceInfo.Mode.REPLICATED, 1, "any", 1, 1);
    assertThat(classify(odd).mongoHosts()).containsExactly(new HostPort("legacy-mongo", 27017));
  }
}
