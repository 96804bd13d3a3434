package io.crvsbackup.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Checks a set without any server. For a set of ours: every artifact exists and has the size and
 * SHA-256 the manifest recorded. For an imported set, which has no checksums: every gzip file
 * decompresses to its end with a good CRC, and every influxdb backup folder's manifest names files that
 * exist with the sizes it gives.
 */
final class Verifier {
  private static final int BUFFER = 256 * 1024;
  private final Layout layout;
  private final Consumer<String> progress;

  Verifier(Layout layout, Consumer<String> progress) {
    this.layout = layout;
    this.progress = progress;
  }

  VerifyReport verify(BackupSet set) {
    List<String> problems = new ArrayList<>();
    List<String> checked = new ArrayList<>();
    long bytes = 0;
    set.problem().ifPresent(problems::add);
    if (set.manifest().isPresent()) {
      var m = set.manifest().get();
      if (m.status() == SetStatus.INCOMPLETE) {
        problems.add("the set is incomplete: "
            + (m.failures().isEmpty() ? "its run failed" : m.failures().stream()
                .map(f -> f.engine() + ": " + f.message()).reduce((a, b) -> a + "; " + b).orElse("")));
      }
      for (Artifact a : m.artifacts()) {
        Path file = layout.root().resolve(a.path()).normalize();
        try {
          long size = Files.size(file);
          String sha = sha256(file);
          bytes += size;
          checked.add(a.path());
          if (size != a.size()) {
            problems.add("corrupted: " + a.path() + " has " + size + " bytes, the manifest says " + a.size());
          } else if (!sha.equals(a.sha256())) {
            problems.add("corrupted: " + a.path() + " has sha256 " + sha + ", the manifest says " + a.sha256());
          } else {
            progress.accept("ok       " + a.path() + " (" + size + " bytes)");
            continue;
          }
        } catch (NoSuchFileException e) {
          problems.add("missing: " + a.path());
          continue;
        } catch (IOException e) {
          problems.add("unreadable: " + a.path() + ": " + e.getMessage());
          continue;
        }
        progress.accept("BAD      " + a.path());
      }
    } else if (set.status() == SetStatus.IMPORTED) {
      for (Path f : set.files()) {
        String rel = layout.relative(f);
        int before = problems.size();
        try {
          if (rel.endsWith(".manifest")) {
            checkInfluxManifest(f, problems);
          } else if (rel.endsWith(".gz")) {
            gunzippedSize(f);
          }
          bytes += Files.size(f);
          checked.add(rel);
        } catch (NoSuchFileException e) {
          problems.add("missing: " + rel);
        } catch (ZipException | java.io.EOFException e) {
          problems.add("corrupted: " + rel + " is not a whole gzip file (" + e.getMessage() + ")");
        } catch (IOException e) {
          problems.add("unreadable: " + rel + ": " + e.getMessage());
        }
        progress.accept((problems.size() == before ? "ok       " : "BAD      ") + rel
            + " (format check; imported sets carry no checksums)");
      }
    }
    return new VerifyReport(set, checked, bytes, problems);
  }

  static String sha256(Path file) throws IOException {
    MessageDigest md = AtomicFiles.sha256();
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
      in.transferTo(OutputSink.INSTANCE);
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /**
   * Decompresses the whole file (every member), which checks each member's CRC-32 and length.
   *
   * @return the number of bytes it decompresses to
   */
  private static long gunzippedSize(Path file) throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file), BUFFER)) {
      return in.transferTo(OutputSink.INSTANCE);
    }
  }

  /**
   * Checks an influxd portable manifest: it parses, and every shard file it names exists and
   * decompresses to the size it gives (influxd records the size of the tar inside the gzip). The size
   * it gives for the {@code .meta} file is not checked: influxd has been seen to record it wrongly.
   */
  private void checkInfluxManifest(Path file, List<String> problems) throws IOException {
    JsonNode root;
    try {
      root = ManifestCodec.JSON.readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      problems.add("corrupted: " + layout.relative(file) + " is not a JSON influxd manifest");
      return;
    }
    String meta = root.path("meta").path("fileName").asText("");
    if (meta.isEmpty() || !Files.isRegularFile(file.resolveSibling(meta))) {
      problems.add("missing: the metastore file " + (meta.isEmpty() ? "(unnamed)" : meta) + " named by "
          + layout.relative(file));
    }
    for (JsonNode f : root.path("files")) {
      Path shard = file.resolveSibling(f.path("fileName").asText(""));
      if (!Files.isRegularFile(shard)) {
        problems.add("missing: " + layout.relative(shard) + " (named by " + layout.relative(file) + ")");
        continue;
      }
      try {
        long size = gunzippedSize(shard);
        if (f.has("size") && size != f.path("size").asLong()) {
          problems.add("corrupted: " + layout.relative(shard) + " holds " + size + " bytes of shard data, "
              + layout.relative(file) + " says " + f.path("size").asLong());
        }
      } catch (ZipException | java.io.EOFException e) {
        // reported when the shard file itself is checked
      }
    }
  }

  /** Discards bytes; the digest or inflater has already seen them. */
  private static final class OutputSink extends java.io.OutputStream {
    static final OutputSink INSTANCE = new OutputSink();

    @Override
    public void write(int b) {}

    @Override
    public void write(byte[] b, int off, int len) {}
  }
}
