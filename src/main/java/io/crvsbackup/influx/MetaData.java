package io.crvsbackup.influx;

import java.util.List;
import java.util.Optional;

/**
 * What crvs-backup reads from an InfluxDB metastore ({@code meta.Data}): its databases with their
 * retention policies, shard groups and continuous queries. {@code raw} is the protobuf it was decoded
 * from, kept byte for byte: that is what goes into the {@code .meta} file and back to the server.
 */
record MetaData(byte[] raw, List<Database> databases) {
  MetaData {
    databases = List.copyOf(databases);
  }

  Optional<Database> database(String name) {
    return databases.stream().filter(d -> d.name().equals(name)).findFirst();
  }

  /** A database and what belongs to it. */
  record Database(
      String name, String defaultRetentionPolicy, List<RetentionPolicy> retentionPolicies,
      List<ContinuousQuery> continuousQueries) {
    Database {
      retentionPolicies = List.copyOf(retentionPolicies);
      continuousQueries = List.copyOf(continuousQueries);
    }

    /** The shard ids of every live (not deleted) shard group, in metastore order. */
    List<Long> liveShardIds() {
      return retentionPolicies.stream().flatMap(rp -> rp.liveShardIds().stream()).toList();
    }

    Optional<RetentionPolicy> policyOf(long shardId) {
      return retentionPolicies.stream().filter(rp -> rp.liveShardIds().contains(shardId)).findFirst();
    }
  }

  /**
   * A retention policy; durations are in nanoseconds, 0 meaning infinite.
   */
  record RetentionPolicy(
      String name, long duration, long shardGroupDuration, int replicaN, List<ShardGroup> shardGroups) {
    RetentionPolicy {
      shardGroups = List.copyOf(shardGroups);
    }

    List<Long> liveShardIds() {
      return shardGroups.stream().filter(g -> g.deletedAt() == 0).flatMap(g -> g.shardIds().stream()).toList();
    }
  }

  /** A shard group: times in nanoseconds since the epoch; {@code deletedAt} is 0 while it lives. */
  record ShardGroup(long id, long startTime, long endTime, long deletedAt, List<Long> shardIds) {
    ShardGroup {
      shardIds = List.copyOf(shardIds);
    }
  }

  /** A continuous query: its name and the statement text the server stored. */
  record ContinuousQuery(String name, String query) {}
}
