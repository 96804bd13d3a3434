package io.crvsbackup.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds every backup set under {@code BACKUP_DIR}: ours from their manifests, interrupted runs of ours
 * from their start markers, and imported sets (OpenCRVS's own scripts, or files copied in by hand) from
 * dated file names in the layout.
 */
final class SetCatalog {
  /** File names that {@code influxd backup -portable} writes. */
  static final Pattern INFLUX_FILE =
      Pattern.compile("\\d{8}T\\d{6}Z\\.(meta|manifest|s\\d+\\.tar\\.gz)");

  private final Layout layout;
  private final ZoneId zone;

  SetCatalog(Layout layout, ZoneId zone) {
    this.layout = layout;
    this.zone = zone;
  }

  /** Every set, oldest first. */
  List<BackupSet> scan() throws StoreException {
    Map<String, BackupSet> ours = new TreeMap<>();
    Set<String> snapshots = snapshotsOrEmpty();
    for (Path f : list(layout.manifestsDir())) {
      String name = f.getFileName().toString();
      if (name.endsWith(Layout.VERIFIED_SUFFIX) || name.startsWith(".")) {
        continue;
      }
      if (name.endsWith(Layout.MANIFEST_SUFFIX)) {
        labelOf(name, Layout.MANIFEST_SUFFIX).ifPresent(l -> ours.put(l.value(), fromManifest(l, f, snapshots)));
      }
    }
    for (Path f : list(layout.manifestsDir())) {
      String name = f.getFileName().toString();
      if (name.endsWith(Layout.STARTED_SUFFIX)) {
        labelOf(name, Layout.STARTED_SUFFIX)
            .filter(l -> !ours.containsKey(l.value()))
            .ifPresent(l -> ours.put(l.value(), interrupted(l, f, snapshots)));
      }
    }
    List<BackupSet> all = new ArrayList<>(ours.values());
    all.addAll(imported(ours.keySet(), snapshots));
    all.sort(Comparator.comparing(BackupSet::created).thenComparing(BackupSet::label));
    return all;
  }

  private Set<String> snapshotsOrEmpty() {
    try {
      return RepositoryIndex.snapshotNames(layout.elasticRepository());
    } catch (StoreException e) {
      // An unreadable repository does not hide the other sets; verify reports it.
      return Set.of();
    }
  }

  private BackupSet fromManifest(Label label, Path file, Set<String> snapshots) {
    Optional<VerifyRecord> verified = readVerify(label);
    try {
      Manifest m = ManifestCodec.read(file, layout);
      List<Path> files = new ArrayList<>();
      SortedSet<String> engines = new TreeSet<>(m.engines().keySet());
      for (Artifact a : m.artifacts()) {
        files.add(layout.resolveListed(a.path(), file));
        engines.add(a.engine());
      }
      return new BackupSet(
          label, m.status(), m.created(), dayOf(label, m.created()), Optional.of(m), files, engines,
          snapshot(label, snapshots), verified, Optional.empty());
    } catch (StoreException e) {
      Instant created = modified(file);
      return new BackupSet(
          label, SetStatus.INCOMPLETE, created, dayOf(label, created), Optional.empty(), List.of(),
          new TreeSet<>(), snapshot(label, snapshots), verified, Optional.of(e.getMessage()));
    }
  }

  private BackupSet interrupted(Label label, Path marker, Set<String> snapshots) {
    Instant created;
    try {
      created = Instant.parse(Files.readString(marker, StandardCharsets.UTF_8).trim());
    } catch (IOException | DateTimeParseException e) {
      created = modified(marker);
    }
    return new BackupSet(
        label, SetStatus.INCOMPLETE, created, dayOf(label, created), Optional.empty(), List.of(),
        new TreeSet<>(), snapshot(label, snapshots), readVerify(label),
        Optional.of("the run that started at " + created + " never finished (interrupted)"));
  }

  /** Sets in the layout without a manifest or marker of ours: only dated names count. */
  private List<BackupSet> imported(Set<String> ours, Set<String> snapshots) throws StoreException {
    Map<LocalDate, List<Path>> files = new TreeMap<>();
    Map<LocalDate, SortedSet<String>> engines = new TreeMap<>();
    for (Path f : list(layout.mongoDir())) {
      Optional<String[]> parts = Layout.splitDatedArchive(f.getFileName().toString());
      if (parts.isPresent() && Files.isRegularFile(f)) {
        date(parts.get()[1]).filter(d -> !ours.contains(parts.get()[1])).ifPresent(d -> {
          files.computeIfAbsent(d, k -> new ArrayList<>()).add(f);
          engines.computeIfAbsent(d, k -> new TreeSet<>()).add("mongo");
        });
      }
    }
    for (Path dir : list(layout.influxDir())) {
      String name = dir.getFileName().toString();
      Optional<LocalDate> d = date(name).filter(x -> !ours.contains(name));
      if (d.isPresent() && Files.isDirectory(dir)) {
        List<Path> inside = list(dir).stream().filter(p -> INFLUX_FILE.matcher(p.getFileName().toString()).matches()).toList();
        if (!inside.isEmpty()) {
          files.computeIfAbsent(d.get(), k -> new ArrayList<>()).addAll(inside);
          engines.computeIfAbsent(d.get(), k -> new TreeSet<>()).add("influxdb");
        }
      }
    }
    for (String s : snapshots) {
      if (s.startsWith("snapshot_")) {
        String rest = s.substring("snapshot_".length());
        date(rest).filter(x -> !ours.contains(rest)).ifPresent(d -> {
          files.computeIfAbsent(d, k -> new ArrayList<>());
          engines.computeIfAbsent(d, k -> new TreeSet<>()).add("elasticsearch");
        });
      }
    }
    List<BackupSet> sets = new ArrayList<>();
    for (Map.Entry<LocalDate, List<Path>> e : files.entrySet()) {
      Label label = Label.ofDate(e.getKey());
      List<Path> fs = new ArrayList<>(e.getValue());
      fs.sort(Comparator.naturalOrder());
      sets.add(new BackupSet(
          label, SetStatus.IMPORTED, e.getKey().atStartOfDay(zone).toInstant(), e.getKey(), Optional.empty(), fs,
          engines.get(e.getKey()), snapshot(label, snapshots), readVerify(label), Optional.empty()));
    }
    return sets;
  }

  private Optional<VerifyRecord> readVerify(Label label) {
    Path f = layout.verifiedRecord(label);
    if (!Files.isRegularFile(f)) {
      return Optional.empty();
    }
    try {
      JsonNode n = ManifestCodec.JSON.readTree(Files.readAllBytes(f));
      List<String> problems = new ArrayList<>();
      n.path("problems").forEach(p -> problems.add(p.asText()));
      return Optional.of(new VerifyRecord(Instant.parse(n.path("at").asText()), n.path("ok").asBoolean(false), problems));
    } catch (IOException | DateTimeParseException e) {
      return Optional.empty();
    }
  }

  static byte[] encodeVerify(VerifyRecord r) {
    ObjectNode n = ManifestCodec.JSON.createObjectNode();
    n.put("at", r.at().toString());
    n.put("ok", r.ok());
    r.problems().forEach(n.putArray("problems")::add);
    try {
      return ManifestCodec.JSON.writeValueAsBytes(n);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private LocalDate dayOf(Label label, Instant created) {
    return label.date().orElseGet(() -> LocalDate.ofInstant(created, zone));
  }

  private static Optional<String> snapshot(Label label, Set<String> snapshots) {
    String name = Layout.snapshotName(label);
    return snapshots.contains(name) ? Optional.of(name) : Optional.empty();
  }

  private static Optional<Label> labelOf(String fileName, String suffix) {
    String text = fileName.substring(0, fileName.length() - suffix.length());
    try {
      return Optional.of(Label.parse(text));
    } catch (BadInputException e) {
      return Optional.empty();
    }
  }

  private static Optional<LocalDate> date(String text) {
    if (text.length() != 10) {
      return Optional.empty();
    }
    try {
      return Optional.of(Label.parseDate(text));
    } catch (BadInputException e) {
      return Optional.empty();
    }
  }

  private static Instant modified(Path f) {
    try {
      return Files.getLastModifiedTime(f).toInstant();
    } catch (IOException e) {
      return Instant.EPOCH;
    }
  }

  static List<Path> list(Path dir) throws StoreException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    } catch (IOException e) {
      throw new StoreException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }
}
