package io.crvsbackup.offsite;

import io.crvsbackup.env.TestEnv;
import io.crvsbackup.store.BackupStore;
import io.crvsbackup.store.Label;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Push throughput over loopback SSH against {@code scp -r} of the same files, in the same run, interleaved,
 * medians. The set: Mongo archives (one big), an influxd backup, and an Elasticsearch repository of many
 * files. Each push goes to an empty remote folder, so everything is sent (and checked with sha256sum on the
 * server); scp checks nothing. See bench/offsite-bench.
 *
 * <p>Usage: OffsiteBench WORK_DIR REPETITIONS SIZE_MB
 */
public final class OffsiteBench {
  private OffsiteBench() {}

  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    int reps = Integer.parseInt(args[1]);
    int sizeMb = Integer.parseInt(args[2]);
    Path here = work.resolve("here");
    OffsiteFixture.deleteTree(work);
    BackupStore store = OffsiteFixture.store(here);
    Label label = new Label("2026-11-25");
    Map<String, Integer> dbs = new LinkedHashMap<>();
    dbs.put("application-config", 200_000);
    dbs.put("user-mgnt", 2_000_000);
    dbs.put("openhim-dev", (int) (sizeMb * 1048576L / 10));
    dbs.put("hearth-dev", (int) (sizeMb * 1048576L * 6 / 10));
    OffsiteFixture.writeSet(store, label, Instant.parse("2026-11-25T00:00:05Z"), dbs);
    Random random = new Random(1);
    Path blobs = here.resolve("elasticsearch/indices/Xq3uGk0uQ1uIYbR6cGvJ3w/1");
    Files.createDirectories(blobs);
    // CRVS_BENCH_ES_PERCENT: the share of the set in the Elasticsearch repository (default 25)
    long esTarget = sizeMb * 1024L * 1024 * Integer.parseInt(System.getenv().getOrDefault("CRVS_BENCH_ES_PERCENT", "25")) / 100;
    for (long written = 0; written < esTarget; ) {
      byte[] b = new byte[4096 + random.nextInt(512 * 1024)];
      random.nextBytes(b);
      Files.write(blobs.resolve("__" + Long.toHexString(random.nextLong())), b);
      written += b.length;
    }
    long bytes = 0;
    int files = 0;
    for (String f : OffsiteFixture.tree(here).keySet()) {
      bytes += Files.size(here.resolve(f));
      files++;
    }
    System.out.printf(Locale.ROOT, "set: %d files, %.1f MiB (Mongo archives, influxd backup, Elasticsearch"
        + " repository of %d files)%n", files, bytes / 1048576.0,
        OffsiteFixture.tree(here.resolve("elasticsearch")).size());

    Map<String, List<Double>> seconds = new LinkedHashMap<>();
    benchWork = work;
    warmUp(work, store, label);
    // CRVS_BENCH_ONLY=passphrase (or none, age, scp, scp-gcm, opencrvs; comma-separated) runs only those, to
    // profile one of them; the ratios need all of them.
    List<String> only = List.of(System.getenv().getOrDefault("CRVS_BENCH_ONLY", "").split(","));
    java.util.function.Predicate<String> on = m -> only.equals(List.of("")) || only.contains(m);
    for (int r = 0; r < reps; r++) {
      if (on.test("none")) {
        time(seconds, "crvs-backup push (no encryption)", () -> push(work, store, label, "none"));
      }
      if (on.test("scp")) {
        time(seconds, "scp -r (default cipher)", () -> scp(work, here, List.of()));
      }
      if (on.test("passphrase")) {
        time(seconds, "crvs-backup push (passphrase, openssl format)", () -> push(work, store, label, "passphrase"));
      }
      if (on.test("scp-gcm")) {
        time(seconds, "scp -r -c aes128-gcm@openssh.com", () -> scp(work, here,
            List.of("-c", "aes128-gcm@openssh.com")));
      }
      if (on.test("age")) {
        time(seconds, "crvs-backup push (age recipients)", () -> push(work, store, label, "age"));
      }
      if (on.test("opencrvs")) {
        time(seconds, "OpenCRVS 1.4: tar -cz | openssl enc | ssh", () -> opencrvsMethod(work, here, label));
      }
      // The way back, as a restore of a set that is only on the backup server takes it (CRVS_BENCH_ONLY=pull,
      // or pull-none, pull-passphrase, pull-age, pull-scp); each pull follows an untimed push of its mode.
      for (String mode : List.of("none", "passphrase", "age")) {
        if (on.test("pull") || on.test("pull-" + mode)) {
          push(work, store, label, mode);
          time(seconds, "crvs-backup pull (" + mode + ")", () -> pull(work, label, mode), false);
        }
      }
      if (on.test("pull") || on.test("pull-scp")) {
        time(seconds, "scp -r from the server", () -> scpDown(work, here), false);
      }
    }
    if (!only.equals(List.of(""))) {
      OffsiteFixture.deleteTree(work);
      return;
    }
    System.out.printf(Locale.ROOT, "%n%-48s %10s %10s %s%n", "run (median of " + reps + ")", "seconds", "MiB/s",
        "all runs (s)");
    Map<String, Double> median = new LinkedHashMap<>();
    for (Map.Entry<String, List<Double>> e : seconds.entrySet()) {
      List<Double> s = new ArrayList<>(e.getValue());
      s.sort(Double::compare);
      double m = s.get(s.size() / 2);
      median.put(e.getKey(), m);
      System.out.printf(Locale.ROOT, "%-48s %10.2f %10.1f %s%n", e.getKey(), m, bytes / 1048576.0 / m,
          e.getValue().stream().map(v -> String.format(Locale.ROOT, "%.2f", v)).toList());
    }
    double scp = median.get("scp -r (default cipher)");
    double scpGcm = median.get("scp -r -c aes128-gcm@openssh.com");
    double plain = median.get("crvs-backup push (no encryption)");
    System.out.printf(Locale.ROOT, "%nthroughput ratio push/scp (no encryption, vs scp default): %.2f (target >= 0.9)"
        + "%nthroughput ratio push/scp (no encryption, vs scp aes128-gcm): %.2f%n"
        + "passphrase push/scp: %.2f, age push/scp: %.2f%n", scp / plain, scpGcm / plain,
        scp / median.get("crvs-backup push (passphrase, openssl format)"),
        scp / median.get("crvs-backup push (age recipients)"));
    double scpDown = median.get("scp -r from the server");
    System.out.printf(Locale.ROOT, "pull/scp from the server (download, decrypt, every file checked, placed):"
        + " no encryption %.2f, passphrase %.2f, age %.2f%n", scpDown / median.get("crvs-backup pull (none)"),
        scpDown / median.get("crvs-backup pull (passphrase)"), scpDown / median.get("crvs-backup pull (age)"));
    double opencrvs = median.get("OpenCRVS 1.4: tar -cz | openssl enc | ssh");
    System.out.printf(Locale.ROOT, "against OpenCRVS 1.4's own encrypted copy (tar -cz | openssl enc -aes-256-cbc"
        + " -pbkdf2 | ssh, nothing checked): passphrase push %.2f, age push %.2f%n",
        opencrvs / median.get("crvs-backup push (passphrase, openssl format)"),
        opencrvs / median.get("crvs-backup push (age recipients)"));
    System.out.println("peak RSS of this JVM: " + peakRss() + " (heap limit " + Runtime.getRuntime().maxMemory()
        / 1048576 + " MiB)");
    OffsiteFixture.deleteTree(work);
  }

  /** The bench's folder (the server's folders are under it). */
  private static Path benchWork;

  private interface Run {
    void run() throws Exception;
  }

  private static void time(Map<String, List<Double>> out, String name, Run run) throws Exception {
    time(out, name, run, true);
  }

  /**
   * Times one run. A push starts from an empty server ({@code emptyServer}), a pull from an empty local
   * folder; either is emptied before the clock starts (deleting a GiB of files is the file system's work,
   * not the copy's).
   */
  private static void time(Map<String, List<Double>> out, String name, Run run, boolean emptyServer)
      throws Exception {
    if (emptyServer) {
      for (String d : List.of("backups", "scp", "opencrvs")) {
        OffsiteFixture.deleteTree(benchWork.resolve("server").resolve(d));
      }
    }
    OffsiteFixture.deleteTree(benchWork.resolve("pulled"));
    Files.createDirectories(benchWork.resolve("pulled"));
    Thread.sleep(500);
    long[] machine0 = machineCpu();
    long jvm0 = jvmCpu();
    long t0 = System.nanoTime();
    run.run();
    double s = (System.nanoTime() - t0) / 1e9;
    double jvm = (jvmCpu() - jvm0) / 1e9;
    long[] machine1 = machineCpu();
    out.computeIfAbsent(name, k -> new ArrayList<>()).add(s);
    // CPU seconds show the cost of each way apart from the machine's noise: all processes (this JVM, sshd,
    // scp, openssl, and whatever else runs) from /proc/stat, and this JVM alone
    System.out.printf(Locale.ROOT, "  %-48s %.2f s   cpu: machine %.2f s, this JVM %.2f s, idle %.0f%%%n", name, s,
        (machine1[0] - machine0[0]) / 100.0, jvm,
        100.0 * (machine1[1] - machine0[1]) / Math.max(1, machine1[0] + machine1[1] - machine0[0] - machine0[1]));
  }

  private static long jvmCpu() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
        .getOperatingSystemMXBean()).getProcessCpuTime();
  }

  /** Busy and idle clock ticks (1/100 s) of all CPUs since boot, from the first line of /proc/stat. */
  private static long[] machineCpu() throws java.io.IOException {
    String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
    long busy = 0;
    long idle = 0;
    for (int i = 1; i < f.length && i <= 8; i++) {
      long v = Long.parseLong(f[i]);
      if (i == 4 || i == 5) {
        idle += v;
      } else {
        busy += v;
      }
    }
    return new long[] {busy, idle};
  }

  /** One small untimed push, so that the JIT has compiled the hot paths as it has in a running sidecar. */
  private static void warmUp(Path work, BackupStore store, Label label) throws Exception {
    push(work, store, label, "none");
  }

  private static void push(Path work, BackupStore store, Label label, String mode) throws Exception {
    OffsiteFixture fx = new OffsiteFixture(work);
    OffsiteFixture.deleteTree(fx.remoteDir);
    Map<String, String> env = fx.env(store.layout().root());
    if (mode.equals("passphrase")) {
      env.put("BACKUP_ENCRYPTION_PASSPHRASE", OffsiteFixture.PASSPHRASE);
    } else if (mode.equals("age")) {
      env.put("BACKUP_ENCRYPTION_RECIPIENTS", CryptoVectorsTest.RECIPIENT);
    }
    PushReport.Pushed p = OffsiteFixture.offsite(OffsiteFixture.settings(env), store, OffsiteListener.NONE,
        Retry.none()).push(label.value());
    if (p.alreadyThere() || p.filesKept() != 0) {
      throw new IllegalStateException("the bench push did not send everything: " + p);
    }
  }

  /** Pulls the set back into an empty store: download, decrypt, check every file, place. */
  private static void pull(Path work, Label label, String mode) throws Exception {
    OffsiteFixture fx = new OffsiteFixture(work);
    BackupStore pulled = OffsiteFixture.store(work.resolve("pulled"));
    Map<String, String> env = fx.env(pulled.layout().root());
    if (mode.equals("passphrase")) {
      env.put("BACKUP_ENCRYPTION_PASSPHRASE", OffsiteFixture.PASSPHRASE);
    } else if (mode.equals("age")) {
      env.put("BACKUP_ENCRYPTION_RECIPIENTS", CryptoVectorsTest.RECIPIENT);
      env.put("BACKUP_ENCRYPTION_IDENTITY", CryptoVectorsTest.IDENTITY);
    }
    PullReport r = OffsiteFixture.offsite(OffsiteFixture.settings(env), pulled, OffsiteListener.NONE,
        Retry.none()).pull(label.value());
    if (!Files.exists(pulled.layout().root().resolve("manifests").resolve(label.value() + ".json"))) {
      throw new IllegalStateException("the bench pull placed no manifest: " + r);
    }
  }

  /** {@code scp -r} of the set's plain files from the server's side into an empty local folder. */
  private static void scpDown(Path work, Path here) throws Exception {
    Path dest = work.resolve("pulled");
    List<String> cmd = new ArrayList<>(List.of("scp", "-q", "-r", "-i", TestEnv.require("SSH_KEY_FILE"),
        "-o", "UserKnownHostsFile=" + TestEnv.require("SSH_KNOWN_HOSTS"), "-o", "StrictHostKeyChecking=yes",
        "-P", TestEnv.require("SSH_PORT")));
    String remote = TestEnv.require("SSH_USER") + "@" + TestEnv.require("SSH_HOST") + ":";
    for (String top : List.of("mongo", "influxdb", "manifests", "elasticsearch")) {
      cmd.add(remote + here.resolve(top));
    }
    cmd.add(dest.toString());
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IllegalStateException("scp from the server failed: " + out);
    }
  }

  private static void scp(Path work, Path here, List<String> extra) throws Exception {
    Path dest = work.resolve("server/scp");
    OffsiteFixture.deleteTree(dest);
    Files.createDirectories(dest);
    List<String> cmd = new ArrayList<>(List.of("scp", "-q", "-r", "-i", TestEnv.require("SSH_KEY_FILE"),
        "-o", "UserKnownHostsFile=" + TestEnv.require("SSH_KNOWN_HOSTS"), "-o", "StrictHostKeyChecking=yes",
        "-P", TestEnv.require("SSH_PORT")));
    cmd.addAll(extra);
    for (String top : List.of("mongo", "influxdb", "manifests", "elasticsearch")) {
      cmd.add(here.resolve(top).toString());
    }
    cmd.add(TestEnv.require("SSH_USER") + "@" + TestEnv.require("SSH_HOST") + ":" + dest);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IllegalStateException("scp failed: " + out);
    }
  }

  /**
   * What OpenCRVS 1.4+ does with a set (its backup script): tar and gzip everything, encrypt it with
   * {@code openssl enc -aes-256-cbc -salt -pbkdf2}, copy it to the backup server. The passphrase is read
   * from a file here (OpenCRVS puts it on the command line); the copy is a plain ssh stream, as fast as
   * rsync of a new file and checked no more than that.
   */
  private static void opencrvsMethod(Path work, Path here, Label label) throws Exception {
    Path dest = work.resolve("server/opencrvs");
    OffsiteFixture.deleteTree(dest);
    Files.createDirectories(dest);
    Path pass = work.resolve("opencrvs-pass");
    Files.writeString(pass, OffsiteFixture.PASSPHRASE);
    String ssh = String.join(" ", "ssh", "-i", TestEnv.require("SSH_KEY_FILE"),
        "-o", "UserKnownHostsFile=" + TestEnv.require("SSH_KNOWN_HOSTS"), "-o", "StrictHostKeyChecking=yes",
        "-p", TestEnv.require("SSH_PORT"), TestEnv.require("SSH_USER") + "@" + TestEnv.require("SSH_HOST"));
    String script = "set -o pipefail; tar -czf - -C '" + here + "' mongo influxdb manifests elasticsearch"
        + " | openssl enc -aes-256-cbc -salt -pbkdf2 -pass file:'" + pass + "'"
        + " | " + ssh + " 'cat > " + dest.resolve(label.value() + ".tar.gz.enc") + "'";
    Process p = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IllegalStateException("the OpenCRVS method failed: " + out);
    }
  }

  private static String peakRss() throws Exception {
    return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM"))
        .map(l -> l.replaceAll("\\s+", " ").substring(7)).findFirst().orElse("?");
  }
}
