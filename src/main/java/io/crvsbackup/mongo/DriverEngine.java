package io.crvsbackup.mongo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.crvsbackup.config.Settings;
import io.crvsbackup.job.BackupTarget;
import io.crvsbackup.job.Engine;
import io.crvsbackup.job.EngineException;
import io.crvsbackup.job.EngineResult;
import io.crvsbackup.job.JobListener;
import io.crvsbackup.job.RestoreSource;
import io.crvsbackup.mongo.archive.ArchiveSummary;
import io.crvsbackup.store.Artifact;
import io.crvsbackup.store.BackupSet;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.BsonDocument;
import org.bson.BsonInt32;

/**
 * The Mongo engine through the Java driver: one mongodump-compatible archive per database on backup,
 * a checked restore of each archive of a set, and an offline check of the archives.
 */
final class DriverEngine implements Engine {
  static final String NAME = "mongo";

  private final MongoEndpoint endpoint;
  private final Settings.Mongo settings;
  private final Clock clock;
  private final Tuning tuning;
  private final ServerErrors errors;

  DriverEngine(MongoEndpoint endpoint, Settings.Mongo settings, Clock clock, Tuning tuning) {
    this.endpoint = endpoint;
    this.settings = settings;
    this.clock = clock;
    this.tuning = tuning;
    this.errors = new ServerErrors(endpoint, tuning);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public EngineResult backup(BackupTarget target) throws EngineException {
    JobListener listener = target.listener();
    listener.engineStarted(NAME, endpoint.hosts());
    try (MongoClient client = MongoClients.create(endpoint.clientSettings(tuning))) {
      Server server = Server.connect(client, errors);
      Databases databases = Databases.choose(client, settings, errors);
      ObjectNode facts = BackupFacts.engine(endpoint.hosts(), server.version().text(), server.ferretdb());
      List<String> warnings = new ArrayList<>(databases.warnings());
      List<Artifact> artifacts = new ArrayList<>();
      List<Path> written = new ArrayList<>();
      try {
        for (String db : databases.names()) {
          Instant start = clock.instant();
          Path file = target.layout().mongoArchive(db, target.label());
          boolean exists = databases.existing().contains(db);
          if (!exists) {
            warnings.add("database " + db + " does not exist on " + endpoint.hosts()
                + "; it is recorded as empty (an archive without collections)");
          }
          DatabaseDumper.Result r = new DatabaseDumper(client.getDatabase(db), run(listener))
              .dump(file, databases.excludes(db), server.version().text(), toolVersion());
          written.add(file);
          warnings.addAll(r.warnings());
          String relative = target.layout().relative(file);
          BackupFacts.addDatabase(facts, r, relative, exists, Duration.between(start, clock.instant()));
          artifacts.add(new Artifact(NAME, relative, r.file().size(), r.file().sha256()));
        }
      } catch (EngineException | RuntimeException e) {
        Cleanup.delete(written, e);
        throw e;
      }
      warnings.forEach(w -> listener.warning(NAME, w));
      return new EngineResult(artifacts, facts, warnings);
    }
  }

  @Override
  public List<String> verifyOffline(BackupSet set, JobListener listener) {
    return check(set, listener).problems();
  }

  @Override
  public EngineResult restore(RestoreSource source) throws EngineException {
    JobListener listener = source.listener();
    Checked checked = check(source.set(), listener);
    if (!checked.problems().isEmpty()) {
      throw new EngineException("the Mongo part of set " + source.set().label()
          + " did not pass its check, so nothing was changed:\n  " + String.join("\n  ", checked.problems()));
    }
    if (checked.summaries().isEmpty()) {
      String none = "set " + source.set().label() + " holds no Mongo archive; nothing was restored";
      listener.warning(NAME, none);
      ObjectNode empty = JsonNodeFactory.instance.objectNode();
      empty.putObject("databases");
      return new EngineResult(List.of(), empty, List.of(none));
    }
    Map<String, String> targets = Renames.targets(checked.summaries().keySet(), source.renames());
    listener.engineStarted(NAME, endpoint.hosts() + " " + targets.values());
    ObjectNode facts = JsonNodeFactory.instance.objectNode();
    ObjectNode dbs = facts.putObject("databases");
    List<String> warnings = new ArrayList<>();
    try (MongoClient client = MongoClients.create(endpoint.clientSettings(tuning))) {
      Server server = Server.connect(client, errors);
      DatabaseRestorer restorer = new DatabaseRestorer(client, run(listener));
      for (Map.Entry<String, ArchiveSummary> e : checked.summaries().entrySet()) {
        Instant start = clock.instant();
        String db = e.getKey();
        DatabaseRestorer.Result r = restorer.restore(checked.files().get(db), db, targets.get(db),
            server.version(), e.getValue(), BackupFacts.expected(checked.facts().orElse(null), db));
        warnings.addAll(r.warnings());
        ObjectNode n = dbs.putObject(db).put("target", r.target());
        n.put("documents", r.documents().values().stream().mapToLong(Long::longValue).sum())
            .put("indexes", r.indexes()).put("views", r.views())
            .put("durationMs", Duration.between(start, clock.instant()).toMillis());
        ObjectNode counts = n.putObject("collections");
        r.documents().forEach(counts::put);
      }
    }
    return new EngineResult(List.of(), facts, warnings);
  }

  /** The archives of a set, each read to its end and compared with the manifest. */
  record Checked(Map<String, Path> files, Map<String, ArchiveSummary> summaries, Optional<JsonNode> facts,
      List<String> problems) {}

  Checked check(BackupSet set, JobListener listener) {
    Map<String, Path> files = ArchiveFiles.of(set);
    Optional<JsonNode> facts = set.manifest().map(m -> m.engines().get(NAME));
    List<String> problems = new ArrayList<>();
    facts.ifPresent(f -> BackupFacts.files(f).forEach((db, file) -> {
      if (!files.containsKey(db)) {
        problems.add(file + ": the manifest lists the archive of database " + db + " but it is missing");
      }
    }));
    Map<String, ArchiveSummary> summaries = new LinkedHashMap<>();
    for (Map.Entry<String, Path> e : files.entrySet()) {
      ArchiveCheck.Outcome o = ArchiveCheck.check(e.getValue(), ArchiveFiles.display(e.getValue()), e.getKey(),
          facts.flatMap(f -> BackupFacts.expected(f, e.getKey())), listener, tuning.progressEvery());
      problems.addAll(o.problems());
      o.summary().ifPresent(s -> summaries.put(e.getKey(), s));
    }
    return new Checked(files, summaries, facts, problems);
  }

  private RunContext run(JobListener listener) {
    return new RunContext(errors, tuning, settings.parallelCollections(), listener);
  }

  static String toolVersion() {
    String v = DriverEngine.class.getPackage().getImplementationVersion();
    return "crvs-backup " + (v == null ? "dev" : v);
  }

  /** The server as buildInfo describes it. */
  record Server(ServerVersion version, Optional<String> ferretdb) {
    static Server connect(MongoClient client, ServerErrors errors) throws EngineException {
      try {
        BsonDocument info = client.getDatabase("admin")
            .runCommand(new BsonDocument("buildInfo", new BsonInt32(1)), BsonDocument.class);
        Optional<String> ferret = info.isString("ferretdbVersion")
            ? Optional.of(info.getString("ferretdbVersion").getValue()) : Optional.empty();
        return new Server(ServerVersion.of(info), ferret);
      } catch (MongoException e) {
        throw errors.failed("connect to", e);
      }
    }
  }
}
