package io.crvsbackup.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ShardCounter} on TSM files and tombstones built here byte by byte (the real ones: ArchiveCountsIT). */
class ShardCounterTest {
  private static final String CPU_A = "cpu,host=a#!~#v";
  private static final String CPU_A_W = "cpu,host=a#!~#w";
  private static final String CPU_B = "cpu,host=b#!~#v";
  private static final String MEM = "my\\ mem\\,x,host=a#!~#free";
  @TempDir Path dir;

  @Test
  void blocksOfOneKeyThatOverlapAcrossFilesCountEachTimestampOnce() throws Exception {
    Map<String, List<long[]>> first = new LinkedHashMap<>();
    first.put(CPU_A, List.of(new long[] {10, 20, 30}, new long[] {40, 50}));
    first.put(CPU_B, List.of(new long[] {10, 20}));
    first.put(MEM, List.of(new long[] {5}));
    Map<String, List<long[]>> second = new LinkedHashMap<>();
    second.put(CPU_A, List.of(new long[] {20, 25, 50, 60})); // 20 and 50 rewritten, 25 and 60 new
    second.put(CPU_A_W, List.of(new long[] {10}));
    second.put(CPU_B, List.of(new long[] {100, 200})); // after the first file's block: no overlap
    ShardCounter.Result r = count(Map.of("db/rp/1/000000001-000000001.tsm", tsm(first),
        "db/rp/1/000000002-000000001.tsm", tsm(second)));
    assertThat(r.fields()).isEqualTo(Map.of("cpu", Map.of("v", 7L + 4L, "w", 1L), "my mem,x", Map.of("free", 1L)));
    assertThat(r.series()).containsExactlyInAnyOrder("cpu,host=a", "cpu,host=b", "my\\ mem\\,x,host=a");
    assertThat(r.deleted()).isZero();
  }

  @Test
  void indexesAreMergedInTheirByteOrderAcrossThreeFiles() throws Exception {
    String fullwidth = "m,t=\uFF21#!~#v"; // UTF-8 EF BC A1: before the emoji's F0 ..., after it in UTF-16
    String emoji = "m,t=\uD83D\uDE00#!~#v";
    String only3 = "n#!~#v";
    ShardCounter.Result r = count(Map.of(
        "1.tsm", tsm(Map.of(fullwidth, List.of(new long[] {1, 2}), emoji, List.of(new long[] {1, 2}))),
        "2.tsm", tsm(Map.of(emoji, List.of(new long[] {2, 3}))),
        "3.tsm", tsm(Map.of(fullwidth, List.of(new long[] {2, 9}), only3, List.of(new long[] {7})))));
    assertThat(r.fields()).isEqualTo(Map.of("m", Map.of("v", 3L + 3L), "n", Map.of("v", 1L)));
    assertThat(r.series()).containsExactlyInAnyOrder("m,t=\uFF21", "m,t=\uD83D\uDE00", "n");
  }

  @Test
  void tombstonesOfEveryVersionAreCountedAsDeletedButNotTakenOff() throws Exception {
    Map<String, List<long[]>> data = new LinkedHashMap<>();
    data.put(CPU_A, List.of(new long[] {10, 20, 30}, new long[] {40, 50}));
    data.put(CPU_B, List.of(new long[] {10, 20}));
    data.put(MEM, List.of(new long[] {5, 6}));
    byte[] file = tsm(data);
    Map<String, byte[]> v1 = Map.of("1.tsm", file, "1.tombstone", (CPU_B + "\n").getBytes(StandardCharsets.UTF_8));
    assertThat(count(v1).deleted()).isEqualTo(2);
    assertThat(count(v1).fields().get("cpu").get("v")).isEqualTo(7);
    byte[] entries = concat(entry(CPU_A, 15, 40), entry(MEM, 6, 6)); // 20, 30, 40 and 6
    assertThat(count(Map.of("1.tsm", file, "1.tombstone", concat(header(0x1502), entries))).deleted()).isEqualTo(4);
    assertThat(count(Map.of("1.tsm", file, "1.tombstone", concat(header(0x1503), gzip(entries)))).deleted())
        .isEqualTo(4);
    byte[] v4 = concat(header(0x1504), gzip(entry(CPU_A, 15, 40)), gzip(entry(MEM, 6, 6)), gzip(entry(CPU_A, 50, 50)));
    ShardCounter.Result r = count(Map.of("1.tsm", file, "1.tombstone", v4));
    assertThat(r.deleted()).isEqualTo(5);
    assertThat(r.fields().get("cpu").get("v")).isEqualTo(7);
    // a tombstone belongs to its own file: the other file's values stay
    byte[] cpuB = (CPU_B + "\n").getBytes(StandardCharsets.UTF_8);
    assertThat(count(Map.of("1.tsm", file, "2.tsm", file, "2.tombstone", cpuB)).deleted()).isZero();
  }

  @Test
  void aBrokenFileIsAFormatErrorNamingIt() throws Exception {
    byte[] good = tsm(Map.of(CPU_A, List.of(new long[] {1, 2})));
    byte[] magic = good.clone();
    magic[0] = 0;
    assertThatThrownBy(() -> count(Map.of("db/rp/1/x.tsm", magic))).isInstanceOf(FormatException.class)
        .hasMessageContaining("x.tsm").hasMessageContaining("not a TSM file");
    byte[] offset = good.clone();
    offset[offset.length - 1] = (byte) 0xff;
    assertThatThrownBy(() -> count(Map.of("db/rp/1/x.tsm", offset))).isInstanceOf(FormatException.class)
        .hasMessageContaining("index offset");
    byte[] cut = java.util.Arrays.copyOf(good, 10);
    assertThatThrownBy(() -> count(Map.of("db/rp/1/x.tsm", cut))).isInstanceOf(FormatException.class)
        .hasMessageContaining("only 10 bytes");
  }

  @Test
  void otherFilesAreNotKeptAndSpoolsAreRemoved() throws Exception {
    byte[] file = tsm(Map.of(CPU_A, List.of(new long[] {1, 2})));
    try (ShardCounter c = new ShardCounter(dir, "shard 1", file.length + 10)) {
      assertThat(c.entry("db/rp/1/fields.idx", 3)).isNull();
      write(c, "db/rp/1/1.tsm", file); // held in memory
      try (var s = Files.list(dir)) {
        assertThat(s.toList()).isEmpty();
      }
      write(c, "db/rp/1/2.tsm", file); // beyond the limit: spooled
      try (var s = Files.list(dir)) {
        assertThat(s.map(p -> p.getFileName().toString()).toList()).singleElement().asString()
            .endsWith(".partial");
      }
      assertThat(c.count().fields()).isEqualTo(Map.of("cpu", Map.of("v", 2L)));
    }
    try (var s = Files.list(dir)) {
      assertThat(s.toList()).isEmpty();
    }
  }

  private static void write(ShardCounter c, String name, byte[] content) throws Exception {
    try (OutputStream o = c.entry(name, content.length)) {
      o.write(content);
    }
  }

  /** Counts in memory and again spooled to files; both must agree. */
  private ShardCounter.Result count(Map<String, byte[]> entries) throws Exception {
    ShardCounter.Result inMemory = count(entries, ShardCounter.MEMORY);
    assertThat(count(entries, 0)).isEqualTo(inMemory);
    return inMemory;
  }

  private ShardCounter.Result count(Map<String, byte[]> entries, long memory) throws Exception {
    try (ShardCounter c = new ShardCounter(dir, "shard 1", memory)) {
      List<String> names = new ArrayList<>(entries.keySet());
      names.sort(null);
      for (String n : names) {
        write(c, n, entries.get(n));
      }
      return c.count();
    }
  }

  /** A TSM file: per key (in key order), blocks of raw timestamps and a dummy value byte. */
  static byte[] tsm(Map<String, List<long[]>> keys) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(ByteBuffer.allocate(5).putInt(TsmFile.MAGIC).put((byte) 1).array());
    ByteArrayOutputStream index = new ByteArrayOutputStream();
    List<String> sorted = new ArrayList<>(keys.keySet()); // as influxd sorts them: by their UTF-8 bytes
    sorted.sort((a, b) -> java.util.Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8),
        b.getBytes(StandardCharsets.UTF_8)));
    for (String key : sorted) {
      byte[] k = key.getBytes(StandardCharsets.UTF_8);
      List<long[]> blocks = keys.get(key);
      index.writeBytes(ByteBuffer.allocate(2 + k.length + 3).putShort((short) k.length).put(k).put((byte) 0)
          .putShort((short) blocks.size()).array());
      for (long[] ts : blocks) {
        ByteBuffer t = ByteBuffer.allocate(1 + 8 * ts.length).put((byte) 0x00);
        for (int i = 0; i < ts.length; i++) {
          t.putLong(i == 0 ? ts[0] : ts[i] - ts[i - 1]);
        }
        byte[] block = ByteBuffer.allocate(4 + 1 + 1 + t.capacity() + 1).putInt(0).put((byte) 0)
            .put((byte) t.capacity()).put(t.array()).put((byte) 9).array();
        long offset = out.size();
        out.writeBytes(block);
        index.writeBytes(ByteBuffer.allocate(28).putLong(ts[0]).putLong(ts[ts.length - 1]).putLong(offset)
            .putInt(block.length).array());
      }
    }
    long indexAt = out.size();
    out.writeBytes(index.toByteArray());
    out.writeBytes(ByteBuffer.allocate(8).putLong(indexAt).array());
    return out.toByteArray();
  }

  private static byte[] header(int v) {
    return ByteBuffer.allocate(4).putInt(v).array();
  }

  private static byte[] entry(String key, long min, long max) {
    byte[] k = key.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(4 + k.length + 16).putInt(k.length).put(k).putLong(min).putLong(max).array();
  }

  private static byte[] gzip(byte[] b) throws Exception {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    try (GZIPOutputStream g = new GZIPOutputStream(o)) {
      g.write(b);
    }
    return o.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      o.writeBytes(p);
    }
    return o.toByteArray();
  }
}
