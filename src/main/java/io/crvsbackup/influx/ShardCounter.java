package io.crvsbackup.influx;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;

/**
 * Counts a shard from its own tar as it streams past (spec.md, "Counting from the archive"): each TSM file
 * and tombstone is kept, in memory up to {@link #MEMORY} bytes a shard, beyond that in a temporary file
 * beside the backup, and when the tar has ended the TSM
 * indexes give, per key ({@code <series key>#!~#<field>}), the blocks, whose timestamps give their number
 * of values. Blocks of a key whose time ranges overlap (several TSM files not yet compacted) are decoded
 * and their timestamps counted once, as a query would see them.
 *
 * <p>The counts are those of the shard as a restore loads it: influxd imports only the {@code .tsm} files
 * of an uploaded shard, not their {@code .tombstone}s, so values deleted ({@code DELETE}, {@code DROP
 * SERIES}) but not yet compacted away come back. How many values that is (the tombstones applied to their
 * own TSM files) is counted too, so the backup can say so.
 */
final class ShardCounter implements TarStream.Tap, AutoCloseable {
  static final String FIELD_SEPARATOR = "#!~#";
  /** How much of a shard's TSM data is held in memory; the rest is spooled to files. */
  static final long MEMORY = 8L * 1024 * 1024;

  /**
   * What a shard holds.
   *
   * @param fields measurement to field to number of values, as a restore loads the shard
   * @param series the series keys with at least one value, as a restore loads the shard
   * @param deleted values that tombstones delete on the server and a restore brings back
   */
  record Result(Map<String, Map<String, Long>> fields, Set<String> series, long deleted) {}

  private final Path spoolDir;
  private final String what;
  private final Map<String, Held> tsm = new LinkedHashMap<>();
  private final Map<String, Held> tombstones = new HashMap<>();
  private final List<Path> spools = new ArrayList<>();
  private final long memory;
  private long inMemory;

  /** A file's content: in memory, or spooled to a file. */
  private record Held(byte[] bytes, Path file) {}

  ShardCounter(Path spoolDir, String what) {
    this(spoolDir, what, MEMORY);
  }

  /** @param memory how many bytes of the shard's files to hold in memory before spooling to files */
  ShardCounter(Path spoolDir, String what, long memory) {
    this.spoolDir = spoolDir;
    this.what = what;
    this.memory = memory;
  }

  @Override
  public OutputStream entry(String name, long size) throws IOException {
    Map<String, Held> into;
    String base;
    if (name.endsWith(".tsm")) {
      into = tsm;
      base = name.substring(0, name.length() - 4);
    } else if (name.endsWith(".tombstone")) {
      into = tombstones;
      base = name.substring(0, name.length() - ".tombstone".length());
    } else {
      return null;
    }
    if (size <= memory - inMemory) {
      inMemory += size;
      byte[] bytes = new byte[(int) size];
      into.put(base, new Held(bytes, null));
      return new OutputStream() {
        private int at;

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          if (len > bytes.length - at) {
            throw new FormatException(what + ": " + name + " holds more than the " + size + " bytes its header says");
          }
          System.arraycopy(b, off, bytes, at, len);
          at += len;
        }

        @Override
        public void write(int b) throws IOException {
          write(new byte[] {(byte) b}, 0, 1);
        }
      };
    }
    Path spool = Files.createTempFile(spoolDir, ".count-", ".partial");
    spools.add(spool);
    into.put(base, new Held(null, spool));
    return new BufferedOutputStream(Files.newOutputStream(spool), 256 * 1024);
  }

  /**
   * Counts what the tar held; call once it has been read to its end. The TSM indexes are merged key by
   * key (each is sorted), so only one key's blocks are held at a time.
   */
  Result count() throws IOException {
    List<TsmFile> files = new ArrayList<>();
    List<Map<String, List<long[]>>> deleted = new ArrayList<>();
    List<TsmFile.Index> cursors = new ArrayList<>();
    try {
      for (Map.Entry<String, Held> e : tsm.entrySet()) {
        String name = what + " file " + e.getKey() + ".tsm";
        Held h = e.getValue();
        files.add(h.file() == null ? TsmFile.of(h.bytes(), name) : TsmFile.open(h.file(), name));
        Held t = tombstones.get(e.getKey());
        String tname = what + " file " + e.getKey() + ".tombstone";
        deleted.add(t == null ? Map.of() : t.file() == null ? TsmTombstones.read(t.bytes(), tname)
            : TsmTombstones.read(Files.readAllBytes(t.file()), tname));
        cursors.add(files.get(files.size() - 1).index());
      }
      PriorityQueue<Integer> queue = new PriorityQueue<>((a, b) -> {
        int c = Arrays.compareUnsigned(cursors.get(a).key(), cursors.get(b).key());
        return c != 0 ? c : Integer.compare(a, b);
      });
      for (int i = 0; i < cursors.size(); i++) {
        if (cursors.get(i).next()) {
          queue.add(i);
        }
      }
      List<Map<String, List<long[]>>> none = java.util.Collections.nCopies(files.size(), Map.of());
      Map<String, Map<String, Long>> fields = new TreeMap<>();
      Set<String> series = new HashSet<>();
      long hidden = 0;
      while (!queue.isEmpty()) {
        byte[] keyBytes = cursors.get(queue.peek()).key();
        List<Ref> refs = new ArrayList<>();
        while (!queue.isEmpty() && Arrays.equals(cursors.get(queue.peek()).key(), keyBytes)) {
          int f = queue.poll();
          cursors.get(f).blocks().forEach(b -> refs.add(new Ref(f, b)));
          if (cursors.get(f).next()) {
            queue.add(f);
          }
        }
        String key = new String(keyBytes, StandardCharsets.UTF_8);
        long n = values(key, refs, files, none);
        if (deleted.stream().anyMatch(d -> d.containsKey(key))) {
          hidden += n - values(key, refs, files, deleted);
        }
        if (n == 0) {
          continue;
        }
        int sep = key.lastIndexOf(FIELD_SEPARATOR);
        if (sep < 0) {
          throw new FormatException(what + ": the TSM key '" + key + "' has no field");
        }
        String seriesKey = key.substring(0, sep);
        series.add(seriesKey);
        fields.computeIfAbsent(InfluxQl.measurementOfSeriesKey(seriesKey), m -> new TreeMap<>())
            .merge(key.substring(sep + FIELD_SEPARATOR.length()), n, Long::sum);
      }
      return new Result(fields, series, hidden);
    } finally {
      for (TsmFile f : files) {
        f.close();
      }
    }
  }

  private record Ref(int file, TsmFile.Block block) {}

  /** The distinct timestamps of one key over all its blocks, less the tombstoned ones. */
  private static long values(String key, List<Ref> refs, List<TsmFile> files, List<Map<String, List<long[]>>> deleted)
      throws IOException {
    refs.sort(Comparator.comparingLong((Ref r) -> r.block().min()));
    long n = 0;
    int i = 0;
    while (i < refs.size()) {
      int j = i + 1;
      long max = refs.get(i).block().max();
      while (j < refs.size() && refs.get(j).block().min() <= max) {
        max = Math.max(max, refs.get(j).block().max());
        j++;
      }
      if (j == i + 1 && !touched(refs.get(i), key, deleted)) {
        n += files.get(refs.get(i).file()).count(refs.get(i).block());
      } else {
        n += distinct(refs.subList(i, j), key, files, deleted);
      }
      i = j;
    }
    return n;
  }

  private static boolean touched(Ref r, String key, List<Map<String, List<long[]>>> deleted) {
    for (long[] range : deleted.get(r.file()).getOrDefault(key, List.of())) {
      if (range[0] <= r.block().max() && range[1] >= r.block().min()) {
        return true;
      }
    }
    return false;
  }

  private static long distinct(List<Ref> group, String key, List<TsmFile> files,
      List<Map<String, List<long[]>>> deleted) throws IOException {
    long[] all = new long[0];
    int size = 0;
    for (Ref r : group) {
      long[] ts = files.get(r.file()).decode(r.block());
      List<long[]> ranges = deleted.get(r.file()).getOrDefault(key, List.of());
      if (all.length < size + ts.length) {
        all = Arrays.copyOf(all, Math.max(size + ts.length, all.length * 2));
      }
      for (long t : ts) {
        if (!inside(t, ranges)) {
          all[size++] = t;
        }
      }
    }
    Arrays.sort(all, 0, size);
    long n = 0;
    for (int k = 0; k < size; k++) {
      if (k == 0 || all[k] != all[k - 1]) {
        n++;
      }
    }
    return n;
  }

  private static boolean inside(long t, List<long[]> ranges) {
    for (long[] r : ranges) {
      if (t >= r[0] && t <= r[1]) {
        return true;
      }
    }
    return false;
  }

  /** Removes the spooled files. */
  @Override
  public void close() throws IOException {
    IOException first = null;
    for (Path p : spools) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
