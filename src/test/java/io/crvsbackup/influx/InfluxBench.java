package io.crvsbackup.influx;

import io.crvsbackup.config.Settings;
import io.crvsbackup.job.BackupTarget;
import io.crvsbackup.job.EngineResult;
import io.crvsbackup.job.JobListener;
import io.crvsbackup.job.RestoreSource;
import io.crvsbackup.store.BackupSet;
import io.crvsbackup.store.Label;
import io.crvsbackup.store.Layout;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * The benchmark behind {@code bench/influx-bench}: our backup and restore against {@code influxd backup
 * -portable} and {@code influxd restore -portable} on the same data, interleaved repetitions, medians
 * and ratios. Arguments: url rpc influxd-binary repetitions points [label].
 */
public final class InfluxBench {
  private static final String RESTORE = "restore: crvs-backup (checked, loaded, counts verified)";
  private static final String INFLUXD_EXIT = "restore: influxd restore -portable (until it exits)";
  private static final String INFLUXD_VISIBLE = "restore: influxd restore -portable (until counts match)";

  private InfluxBench() {}

  /** Records the time of the step that ended last, less its counting phases. */
  private static void withoutCounts(Map<String, List<Double>> times, String total, String what, EngineResult r) {
    List<Double> t = times.get(total);
    times.computeIfAbsent(what, k -> new ArrayList<>())
        .add(t.get(t.size() - 1) - r.facts().path("phasesMs").path("count").asLong() / 1000.0);
  }

  public static void main(String[] args) throws Exception {
    String url = args[0];
    String rpc = args[1];
    String influxd = args[2];
    int reps = Integer.parseInt(args[3]);
    long points = Long.parseLong(args[4]);
    String title = args.length > 5 ? args[5] : "influxd";
    InfluxData data = new InfluxData(url);
    String db = InfluxData.unique("crvs_bench");
    Path work = Files.createTempDirectory("crvs-influx-bench");
    Map<String, List<Double>> times = new LinkedHashMap<>();
    try {
      long written = fill(data, db, points);
      InfluxEngine engine = new InfluxEngine(new Settings.Influx(Optional.of(URI.create(url)),
          Optional.of(RoundTripContract.hostPort(rpc)), List.of(db)), Clock.systemUTC(),
          InfluxOptions.DEFAULTS.withThreads(Integer.getInteger("crvs.influx.threads",
              InfluxOptions.DEFAULTS.threads())));
      InfluxHttp http = new InfluxHttp(URI.create(url), java.time.Duration.ofMinutes(5));
      long expected = Counts.take(http, db, List.of("autogen")).totalPoints();
      System.out.printf("%s: database %s, %d points written, %d counted%n", title, db, written, expected);
      // untimed: the first shard export writes the fresh points from the cache to TSM; no timed run pays that
      Influxd.run(influxd, "backup", "-portable", "-host", rpc, "-db", db, work.resolve("flush").toString());
      delete(work.resolve("flush"));
      for (int r = 0; r < reps; r++) {
        Path ours = work.resolve("ours" + r);
        Path theirs = work.resolve("influxd" + r);
        Label label = Label.ofDate(java.time.LocalDate.of(2026, 11, 26));
        Layout layout = new Layout(ours);
        EngineResult[] result = new EngineResult[1];
        Runnable oursBackup = () -> time(times, "backup: crvs-backup (counts from the shards included)", () ->
            result[0] = engine.backup(new BackupTarget(label, layout, JobListener.NONE)));
        Runnable theirsBackup = () -> time(times, "backup: influxd backup -portable", () ->
            Influxd.run(influxd, "backup", "-portable", "-host", rpc, "-db", db, theirs.toString()));
        if (r % 2 == 0) {
          oursBackup.run();
          theirsBackup.run();
        } else {
          theirsBackup.run();
          oursBackup.run();
        }
        time(times, "  one count of the database over HTTP (not needed any more)",
            () -> Counts.take(http, db, List.of("autogen")));
        BackupSet set = TestSets.ours(layout, label, result[0]);
        String oursCopy = db + "_ours";
        String theirsCopy = db + "_influxd";
        EngineResult[] lastRestore = new EngineResult[1];
        Runnable oursRestore = () -> time(times, RESTORE, () ->
            lastRestore[0] = engine.restore(new RestoreSource(set, layout, Map.of(db, oursCopy), JobListener.NONE)));
        Runnable theirsRestore = () -> {
          long t0 = System.nanoTime();
          time(times, INFLUXD_EXIT, () ->
              Influxd.run(influxd, "restore", "-portable", "-host", rpc, "-db", db, "-newdb", theirsCopy,
                  theirs.toString()));
          time(times, INFLUXD_VISIBLE, () -> {
            while (points(http, theirsCopy) != expected) {
              Thread.sleep(10);
            }
            return (System.nanoTime() - t0) / 1e9;
          }, t0);
        };
        if (r % 2 == 0) {
          oursRestore.run();
          theirsRestore.run();
        } else {
          theirsRestore.run();
          oursRestore.run();
        }
        System.out.printf("  rep %d phases (ms): backup %s, restore %s%n", r, result[0].facts().path("phasesMs"),
            lastRestore[0].facts().path("phasesMs"));
        withoutCounts(times, RESTORE, "restore: crvs-backup, data path (without the count check)", lastRestore[0]);
        if (r == 0) {
          System.out.printf("sizes: crvs-backup %,d bytes in %d files; influxd %,d bytes in %d files%n",
              size(layout.influxBackup(label)), count(layout.influxBackup(label)), size(theirs), count(theirs));
        }
        data.drop(oursCopy);
        data.drop(theirsCopy);
        delete(ours);
        delete(theirs);
      }
      report(title, reps, times);
    } finally {
      data.drop(db);
      delete(work);
    }
  }

  /** The points a database shows, or -1 while the server refuses to count (a shard still loading). */
  private static long points(InfluxHttp http, String db) {
    try {
      return Counts.take(http, db, List.of("autogen")).totalPoints();
    } catch (java.io.IOException e) {
      return -1;
    }
  }

  /** Writes {@code points} points over 60 days: registrations with four field types, and logins. */
  static long fill(InfluxData data, String db, long points) throws Exception {
    data.create(db);
    Random rnd = new Random(42);
    long stepNs = ChronoUnit.DAYS.getDuration().multipliedBy(InfluxData.DAYS).toNanos() / points;
    long start = InfluxData.START.getEpochSecond() * 1_000_000_000L;
    String[] offices = {"Ibombo", "Isamba", "Ilanga", "Ezhi", "Ilanga\\ District", "Chuminga"};
    StringBuilder lines = new StringBuilder();
    for (long i = 0; i < points; i++) {
      long t = start + i * stepNs;
      if (i % 5 == 4) {
        lines.append("logins,role=r").append(i % 4).append(" ms=").append(rnd.nextInt(2000)).append("i,ok=")
            .append(rnd.nextBoolean()).append(' ').append(t).append('\n');
      } else {
        lines.append("registrations,event=").append(i % 3 == 0 ? "death" : "birth").append(",office=")
            .append(offices[(int) (i % offices.length)]).append(" age=").append(rnd.nextInt(9000) / 100.0)
            .append(",count=").append(rnd.nextInt(10)).append("i,name=\"p").append(i % 100_000)
            .append("\",late=").append(rnd.nextInt(10) == 0).append(' ').append(t).append('\n');
      }
      if (lines.length() > 2_000_000) {
        data.write(db, null, lines);
      }
    }
    data.write(db, null, lines);
    return points;
  }

  /** A timed step. */
  interface Step {
    Object run() throws Exception;
  }

  static void time(Map<String, List<Double>> times, String what, Step step) {
    time(times, what, step, System.nanoTime());
  }

  static void time(Map<String, List<Double>> times, String what, Step step, long t0) {
    try {
      step.run();
    } catch (Exception e) {
      throw new IllegalStateException(what + " failed", e);
    }
    times.computeIfAbsent(what, k -> new ArrayList<>()).add((System.nanoTime() - t0) / 1e9);
  }

  static void report(String title, int reps, Map<String, List<Double>> times) {
    System.out.printf("%n%s, %d interleaved repetitions, median seconds:%n", title, reps);
    List<String> order = List.of("backup: crvs-backup (counts from the shards included)",
        "backup: influxd backup -portable", "  one count of the database over HTTP (not needed any more)", RESTORE,
        "restore: crvs-backup, data path (without the count check)", INFLUXD_EXIT, INFLUXD_VISIBLE);
    Map<String, List<Double>> sorted = new LinkedHashMap<>();
    order.forEach(k -> sorted.put(k, times.get(k)));
    sorted.forEach((k, v) -> System.out.printf("  %-62s %8.3f   (%s)%n", k, median(v),
        String.join(" ", v.stream().map(d -> String.format("%.3f", d)).toList())));
    ratio(times, "backup: crvs-backup (counts from the shards included)", "backup: influxd backup -portable");
    ratio(times, RESTORE, INFLUXD_VISIBLE);
    ratio(times, "restore: crvs-backup, data path (without the count check)", INFLUXD_EXIT);
  }

  private static void ratio(Map<String, List<Double>> times, String a, String b) {
    System.out.printf("  ratio %s%n        / %s = %.2f%n", a, b, median(times.get(a)) / median(times.get(b)));
  }

  static double median(List<Double> v) {
    List<Double> s = new ArrayList<>(v);
    s.sort(null);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  private static long size(Path dir) throws Exception {
    try (var s = Files.list(dir)) {
      return s.mapToLong(p -> p.toFile().length()).sum();
    }
  }

  private static long count(Path dir) throws Exception {
    try (var s = Files.list(dir)) {
      return s.count();
    }
  }

  static void delete(Path dir) throws Exception {
    if (!Files.exists(dir)) {
      return;
    }
    try (var s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }
}
