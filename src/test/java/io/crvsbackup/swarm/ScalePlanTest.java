package io.crvsbackup.swarm;

import static io.crvsbackup.swarm.Fixtures.classify;
import static io.crvsbackup.swarm.Fixtures.global;
import static io.crvsbackup.swarm.Fixtures.oneShot;
import static io.crvsbackup.swarm.Fixtures.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScalePlanTest {

  @Test
  void dependentsAreScaledAndRecordedWithTheirReplicas() throws Exception {
    ScalePlan plan = ScalePlan.of(classify(service("mongo1", 1), service("gateway", 2), service("workflow", 1),
        service("search", 3), service("idle", 0), service("traefik", 1, "crvs-backup.keep-running=true")), false);

    assertThat(plan.problems()).isEmpty();
    assertThat(plan.record()).isEqualTo(new ScaleRecord("opencrvs", List.of(
        new ScaleRecord.Entry("id-gateway", "opencrvs_gateway", 2),
        new ScaleRecord.Entry("id-search", "opencrvs_search", 3),
        new ScaleRecord.Entry("id-workflow", "opencrvs_workflow", 1))));
    assertThat(action(plan, "opencrvs_idle")).isEqualTo(ScalePlan.Action.LEAVE);
    assertThat(action(plan, "opencrvs_mongo1")).isEqualTo(ScalePlan.Action.LEAVE);
    assertThat(action(plan, "opencrvs_traefik")).isEqualTo(ScalePlan.Action.LEAVE);
  }

  @Test
  void globalServicesAreRefusedUnlessForcedAndThenLeftRunning() throws Exception {
    StackServices stack = classify(service("gateway", 1), global("filebeat"), global("metricbeat"),
        global("node-exporter", "crvs-backup.keep-running=true"));

    ScalePlan refused = ScalePlan.of(stack, false);
    assertThat(refused.problems()).singleElement().asString().isEqualTo(
        "stack 'opencrvs' has services in global mode, which cannot be scaled to 0: opencrvs_filebeat,"
            + " opencrvs_metricbeat; label them crvs-backup.keep-running=true to leave them running during every"
            + " restore, or add --force to leave them running this time");
    assertThat(action(refused, "opencrvs_filebeat")).isEqualTo(ScalePlan.Action.REFUSE);
    assertThatThrownBy(refused::check).isInstanceOf(SwarmException.class).hasMessageContaining("global mode");

    ScalePlan forced = ScalePlan.of(stack, true);
    assertThat(forced.problems()).isEmpty();
    assertThat(action(forced, "opencrvs_filebeat")).isEqualTo(ScalePlan.Action.LEAVE);
    assertThat(forced.warnings()).hasSize(2).allMatch(w -> w.contains("keeps running during the restore (--force)"));
    assertThat(forced.record().services()).extracting(ScaleRecord.Entry::name).containsExactly("opencrvs_gateway");
  }

  @Test
  void finishedOneShotsAreLeftAloneButRunningOnesAreScaled() throws Exception {
    ScalePlan plan = ScalePlan.of(classify(oneShot("mongo-on-update", "none", 0), oneShot("migrate", "on-failure", 1),
        oneShot("loop", "any", 0)), false);

    assertThat(reason(plan, "opencrvs_mongo-on-update"))
        .isEqualTo("one-shot task (restart condition none) that has finished: not re-run");
    assertThat(plan.record().services()).extracting(ScaleRecord.Entry::name)
        .containsExactly("opencrvs_loop", "opencrvs_migrate");
  }

  @Test
  void aServiceLeftAtZeroByAnInterruptedRestoreComesBackToItsLabel() throws Exception {
    ScalePlan plan = ScalePlan.of(classify(service("gateway", 0, "crvs-backup.scaled-down-from=2"),
        service("broken", 0, "crvs-backup.scaled-down-from=x")), false);

    assertThat(plan.record().services()).containsExactly(new ScaleRecord.Entry("id-gateway", "opencrvs_gateway", 2));
    assertThat(action(plan, "opencrvs_broken")).isEqualTo(ScalePlan.Action.LEAVE);
  }

  @Test
  void jobsAreNotScaled() throws Exception {
    ServiceInfo job = new ServiceInfo("j", "opencrvs_seed", Fixtures.labels(), ServiceInfo.Mode.REPLICATED_JOB,
        0, "on-failure", 0, 0);
    ScalePlan plan = ScalePlan.of(StackServices.classify("opencrvs", List.of(job), Optional.empty()), false);
    assertThat(plan.toScale()).isEmpty();
    assertThat(reason(plan, "opencrvs_seed")).isEqualTo("replicated job: runs to completion, not scaled");
  }

  @Test
  void planTextListsExactlyTheServicesAndCounts() throws Exception {
    StackServices stack = StackServices.classify("opencrvs", List.of(
        service("mongo1", 1), service("mongo2", 1), service("mongo3", 1), service("elasticsearch", 1),
        service("gateway", 2), service("workflow", 1), service("search", 3), service("backup", 1),
        service("webhooks", 0, "crvs-backup.scaled-down-from=2"),
        service("traefik", 1, "crvs-backup.keep-running=true"), global("filebeat"),
        oneShot("mongo-on-update", "none", 0)), Optional.of("id-backup"));

    assertThat(ScalePlan.of(stack, true).lines()).containsExactly(
        "Stack opencrvs: 12 service(s), 4 scaled to 0 during the restore and back afterwards",
        "  scaled to 0, then back:",
        "    opencrvs_gateway          2 -> 0 -> 2",
        "    opencrvs_search           3 -> 0 -> 3",
        "    opencrvs_webhooks         0 now -> 2  (still at 0 after an interrupted restore (label"
            + " crvs-backup.scaled-down-from=2))",
        "    opencrvs_workflow         1 -> 0 -> 1",
        "  not scaled:",
        "    opencrvs_mongo1           database (mongo at mongo1:27017): keeps running, its data is replaced",
        "    opencrvs_mongo2           database (mongo at mongo2:27017): keeps running, its data is replaced",
        "    opencrvs_mongo3           database (mongo at mongo3:27017): keeps running, its data is replaced",
        "    opencrvs_elasticsearch    database (elasticsearch at elasticsearch:9200): keeps running, its data is"
            + " replaced",
        "    opencrvs_backup           this backup service",
        "    opencrvs_traefik          label crvs-backup.keep-running=true: keeps running",
        "    opencrvs_filebeat         global mode: cannot be scaled to 0, keeps running (--force)",
        "    opencrvs_mongo-on-update  one-shot task (restart condition none) that has finished: not re-run",
        "  MongoDB replica set rs0: mongo1:27017,mongo2:27017,mongo3:27017 (3 members)",
        "  warning: opencrvs_filebeat runs in global mode and cannot be scaled to 0: it keeps running during the"
            + " restore (--force)");
  }

  @Test
  void planTextShowsTheRefusal() throws Exception {
    List<String> lines = ScalePlan.of(classify(service("gateway", 1), global("filebeat")), false).lines();
    assertThat(lines).contains("  refused:",
        "    opencrvs_filebeat  global mode: cannot be scaled to 0 (refused without --force)");
    assertThat(lines.get(lines.size() - 1)).startsWith("  refused: stack 'opencrvs' has services in global mode");
  }

  private static ScalePlan.Action action(ScalePlan plan, String name) {
    return planned(plan, name).action();
  }

  private static String reason(ScalePlan plan, String name) {
    return planned(plan, name).reason();
  }

  private static ScalePlan.PlannedService planned(ScalePlan plan, String name) {
    return plan.services().stream().filter(p -> p.service().name().equals(name)).findFirst().orElseThrow();
  }
}
