package io.crvsbackup.elastic;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch.snapshot.Repository;
import co.elastic.clients.elasticsearch.snapshot.SnapshotInfo;
import co.elastic.clients.elasticsearch.snapshot.Status;
import co.elastic.clients.json.JsonData;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.RestClient;

/**
 * {@link Cluster} over the official clients. The typed 8.x client is used where its response models
 * decode the answers of both 7.17 and 8.x (repositories, snapshots, restore, delete, refresh, count);
 * three calls whose 8.x models require fields that 7.17 does not send (nodes info, cluster health) or
 * that would decode every index mapping (get index) go through the low-level client of the same
 * library and are read as plain JSON.
 */
final class ClientCluster implements Cluster {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> NOTHING = List.of("*", "-*");
  private final String address;
  private final RestClient rest;
  private final ElasticsearchClient es;

  ClientCluster(String address, RestClient rest, ElasticsearchClient es) {
    this.address = address;
    this.rest = rest;
    this.es = es;
  }

  @Override
  public String address() {
    return address;
  }

  @Override
  public String version() throws ClusterException {
    JsonNode nodes = get("/_nodes/_local?filter_path=nodes.*.version").path("nodes");
    for (JsonNode n : nodes) {
      if (n.hasNonNull("version")) {
        return n.get("version").asText();
      }
    }
    throw new ClusterException(200, "unexpected_response", List.of("_nodes/_local names no version"), null);
  }

  @Override
  public Optional<RepositoryInfo> repository(String name) throws ClusterException {
    try {
      Repository r = es.snapshot().getRepository(g -> g.name(name)).result().get(name);
      if (r == null) {
        return Optional.empty();
      }
      Optional<String> location = r.isFs() ? Optional.ofNullable(r.fs().settings().location()) : Optional.empty();
      String type = r._isCustom() ? r._customKind() : r._kind().jsonValue();
      return Optional.of(new RepositoryInfo(name, type, location));
    } catch (ElasticsearchException e) {
      if (e.status() == 404) {
        return Optional.empty();
      }
      throw ClusterException.from(e);
    } catch (IOException | RuntimeException e) {
      throw ClusterException.from(e);
    }
  }

  @Override
  public void createRepository(String name, String location) throws ClusterException {
    call(() -> es.snapshot().createRepository(c -> c.name(name).verify(true)
        .repository(r -> r.fs(f -> f.settings(s -> s.location(location).compress(true))))));
  }

  @Override
  public void deleteRepository(String name) throws ClusterException {
    call(() -> es.snapshot().deleteRepository(d -> d.name(name)));
  }

  @Override
  public void verifyRepository(String name) throws ClusterException {
    call(() -> es.snapshot().verifyRepository(v -> v.name(name)));
  }

  @Override
  public Map<String, Integer> indices(List<String> expressions) throws ClusterException {
    JsonNode root = get("/" + join(expressions) + "/_settings/index.number_of_shards"
        + "?ignore_unavailable=true&allow_no_indices=true&expand_wildcards=open");
    Map<String, Integer> out = new LinkedHashMap<>();
    root.properties().forEach(e ->
        out.put(e.getKey(), e.getValue().path("settings").path("index").path("number_of_shards").asInt(1)));
    return out;
  }

  @Override
  public void refresh(List<String> indices) throws ClusterException {
    if (!indices.isEmpty()) {
      call(() -> es.indices().refresh(r -> r.index(indices).ignoreUnavailable(true)));
    }
  }

  @Override
  public long count(String index) throws ClusterException {
    return call(() -> es.count(c -> c.index(index)).count());
  }

  @Override
  public List<SnapshotRef> runningSnapshots() throws ClusterException {
    List<SnapshotRef> out = new ArrayList<>();
    for (Status s : call(() -> es.snapshot().status().snapshots())) {
      out.add(new SnapshotRef(s.repository(), s.snapshot(), s.state()));
    }
    return out;
  }

  @Override
  public void startSnapshot(String repository, String snapshot, List<String> indices) throws ClusterException {
    call(() -> es.snapshot().create(c -> c.repository(repository).snapshot(snapshot)
        .indices(indices.isEmpty() ? NOTHING : indices)
        .ignoreUnavailable(false).partial(false).includeGlobalState(false)
        .metadata("taken_by", JsonData.of("crvs-backup"))
        .waitForCompletion(false)));
  }

  @Override
  public Optional<SnapshotProgress> progress(String repository, String snapshot) throws ClusterException {
    List<Status> list;
    try {
      list = es.snapshot().status(s -> s.repository(repository).snapshot(snapshot)).snapshots();
    } catch (ElasticsearchException e) {
      if (e.status() == 404) {
        return Optional.empty();
      }
      throw ClusterException.from(e);
    } catch (IOException | RuntimeException e) {
      throw ClusterException.from(e);
    }
    if (list.isEmpty()) {
      return Optional.empty();
    }
    Status s = list.get(0);
    Map<String, Long> byIndex = new LinkedHashMap<>();
    s.indices().forEach((name, stats) -> byIndex.put(name, stats.shardsStats().done()));
    return Optional.of(new SnapshotProgress(s.state(), s.shardsStats().done(), s.shardsStats().total(),
        s.stats().incremental().sizeInBytes(), s.stats().total().sizeInBytes(), byIndex));
  }

  @Override
  public Optional<SnapshotDetails> snapshot(String repository, String snapshot) throws ClusterException {
    List<SnapshotInfo> list;
    try {
      list = es.snapshot().get(g -> g.repository(repository).snapshot(snapshot)).snapshots();
    } catch (ElasticsearchException e) {
      if (e.status() == 404 && "snapshot_missing_exception".equals(e.error().type())) {
        return Optional.empty();
      }
      throw ClusterException.from(e);
    } catch (IOException | RuntimeException e) {
      throw ClusterException.from(e);
    }
    if (list.isEmpty()) {
      return Optional.empty();
    }
    SnapshotInfo i = list.get(0);
    List<String> failures = i.failures().stream()
        .map(f -> f.index() + "[" + f.shardId() + "]: " + f.reason()).toList();
    return Optional.of(new SnapshotDetails(i.snapshot(), i.uuid(), String.valueOf(i.state()),
        String.valueOf(i.version()), i.versionId() == null ? 0 : i.versionId(), i.indices(),
        i.shards() == null ? 0 : i.shards().total().intValue(),
        i.shards() == null ? 0 : i.shards().failed().intValue(), failures,
        i.startTimeInMillis() == null ? 0 : i.startTimeInMillis(),
        i.endTimeInMillis() == null ? 0 : i.endTimeInMillis()));
  }

  @Override
  public List<String> snapshotNames(String repository) throws ClusterException {
    return call(() -> es.snapshot().get(g -> g.repository(repository).snapshot("_all").verbose(false))
        .snapshots().stream().map(SnapshotInfo::snapshot).toList());
  }

  @Override
  public void deleteSnapshot(String repository, String snapshot) throws ClusterException {
    call(() -> es.snapshot().delete(d -> d.repository(repository).snapshot(snapshot)));
  }

  @Override
  public void deleteIndices(List<String> indices) throws ClusterException {
    if (!indices.isEmpty()) {
      call(() -> es.indices().delete(d -> d.index(indices).ignoreUnavailable(true)));
    }
  }

  @Override
  public void startRestore(String repository, String snapshot, List<String> indices, Optional<Rename> rename)
      throws ClusterException {
    call(() -> es.snapshot().restore(r -> {
      r.repository(repository).snapshot(snapshot).indices(indices)
          .includeGlobalState(false).ignoreUnavailable(false).partial(false).waitForCompletion(false);
      rename.ifPresent(n -> r.renamePattern(n.pattern()).renameReplacement(n.replacement()).includeAliases(false));
      return r;
    }));
  }

  @Override
  public Map<String, PrimaryHealth> primaries(List<String> indices) throws ClusterException {
    JsonNode all = get("/_cluster/health?level=indices").path("indices");
    Map<String, PrimaryHealth> out = new LinkedHashMap<>();
    for (String name : indices) {
      JsonNode n = all.path(name);
      if (n.isObject()) {
        out.put(name, new PrimaryHealth(n.path("number_of_shards").asInt(), n.path("active_primary_shards").asInt(),
            n.path("initializing_shards").asInt(), n.path("status").asText("red")));
      }
    }
    return out;
  }

  @Override
  public void close() {
    try {
      rest.close();
    } catch (IOException ignored) {
      // nothing is left to flush on a client we are done with
    }
  }

  private JsonNode get(String path) throws ClusterException {
    try {
      Response r = rest.performRequest(new Request("GET", path));
      return JSON.readTree(r.getEntity().getContent());
    } catch (IOException | RuntimeException e) {
      throw ClusterException.from(e);
    }
  }

  private static String join(List<String> expressions) {
    List<String> parts = new ArrayList<>();
    for (String e : expressions) {
      parts.add(URLEncoder.encode(e, StandardCharsets.UTF_8).replace("+", "%20").replace("%2A", "*"));
    }
    return String.join(",", parts);
  }

  private interface Call<T> {
    T run() throws IOException;
  }

  private static <T> T call(Call<T> call) throws ClusterException {
    try {
      return call.run();
    } catch (IOException | RuntimeException e) {
      throw ClusterException.from(e);
    }
  }
}
