package io.crvsbackup.mongo;

import io.crvsbackup.job.JobListener;
import io.crvsbackup.mongo.archive.ArchiveException;
import io.crvsbackup.mongo.archive.ArchivePrelude;
import io.crvsbackup.mongo.archive.ArchiveReader;
import io.crvsbackup.mongo.archive.ArchiveSummary;
import io.crvsbackup.mongo.archive.CollectionMetadata;
import io.crvsbackup.mongo.archive.Namespace;
import io.crvsbackup.mongo.archive.NamespaceSummary;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Checks one archive without a server: reads it to the end (framing, document sizes, every CRC),
 * checks that it holds the database its file name says, and, when the manifest describes that
 * database, that every collection has the documents and CRC the backup recorded.
 *
 * <p>Besides the database's own namespaces an archive may hold what mongodump adds on its own: the
 * oplog of {@code --oplog} ({@code "".oplog}) and server-wide {@code admin.system.*} collections
 * such as {@code admin.system.version}. A restore skips them. Any other database is an error.
 */
final class ArchiveCheck {
  /** What was found: the summary when the archive could be read, and every problem. */
  record Outcome(Optional<ArchiveSummary> summary, List<String> problems) {
    boolean ok() {
      return problems.isEmpty();
    }
  }

  private ArchiveCheck() {}

  /**
   * @param name how problems name the file, e.g. {@code mongo/hearth-dev-2026-11-25.gz}
   * @param expected the manifest's collections of this database by data collection, if any
   */
  static Outcome check(Path file, String name, String database,
      Optional<Map<String, BackupFacts.Expected>> expected, JobListener listener, Duration every) {
    List<String> problems = new ArrayList<>();
    ArchiveSummary summary;
    ProgressMeter meter = new ProgressMeter(listener, DriverEngine.NAME, "verify " + name, every);
    try (ArchiveReader r = ArchiveReader.open(file)) {
      foreignDatabases(r.prelude(), database)
          .ifPresent(p -> problems.add(name + ": " + p));
      for (ArchiveReader.Event e = r.next(); e != ArchiveReader.Event.END_OF_ARCHIVE; e = r.next()) {
        if (e == ArchiveReader.Event.DOCUMENT) {
          meter.add(r.document().remaining());
        }
      }
      summary = r.summary();
    } catch (ArchiveException e) {
      problems.add(name + ": " + e.getMessage());
      return new Outcome(Optional.empty(), problems);
    } catch (IOException e) {
      problems.add(name + ": cannot read the archive: " + e.getMessage());
      return new Outcome(Optional.empty(), problems);
    } finally {
      meter.done();
    }
    expected.ifPresent(exp -> compare(summary, database, exp, name, problems));
    return new Outcome(Optional.of(summary), problems);
  }

  /** Says which other databases the archive declares, if any. */
  static Optional<String> foreignDatabases(ArchivePrelude prelude, String database) {
    TreeSet<String> foreign = new TreeSet<>();
    for (CollectionMetadata c : prelude.collections()) {
      if (!belongs(c.namespace(), database) && !ignorable(c.namespace())) {
        foreign.add(c.namespace().db());
      }
    }
    if (foreign.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of("the archive is for database " + String.join(", ", foreign)
        + ", not " + database + " as its file name says; it is not restored");
  }

  static boolean belongs(Namespace ns, String database) {
    return ns.db().equals(database);
  }

  /** Namespaces mongodump adds beside a database's own: the oplog and {@code admin.system.*}. */
  static boolean ignorable(Namespace ns) {
    return ns.db().isEmpty() || (ns.db().equals("admin") && ns.collection().startsWith("system."));
  }

  private static void compare(ArchiveSummary summary, String database,
      Map<String, BackupFacts.Expected> expected, String name, List<String> problems) {
    for (Map.Entry<String, BackupFacts.Expected> e : expected.entrySet()) {
      Namespace ns = new Namespace(database, e.getKey());
      Optional<NamespaceSummary> s = summary.namespace(ns);
      BackupFacts.Expected exp = e.getValue();
      if (s.isEmpty()) {
        problems.add(name + ": namespace " + ns + " is in the manifest but not in the archive");
        continue;
      }
      if (exp.documents() != s.get().documents()) {
        problems.add(name + ": namespace " + ns + " holds " + s.get().documents()
            + " document(s) but the manifest recorded " + exp.documents());
      }
      if (!exp.crc().isEmpty() && !exp.crc().equals(BackupFacts.crcHex(s.get().crc()))) {
        problems.add(name + ": namespace " + ns + " has CRC " + BackupFacts.crcHex(s.get().crc())
            + " but the manifest recorded " + exp.crc());
      }
    }
    for (NamespaceSummary s : summary.namespaces()) {
      if (belongs(s.namespace(), database) && !expected.containsKey(s.namespace().collection())) {
        problems.add(name + ": namespace " + s.namespace() + " is in the archive but not in the manifest");
      }
    }
  }
}
