package io.crvsbackup.offsite;

import io.crvsbackup.store.Label;
import io.crvsbackup.store.Layout;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Unpacks a {@code <label>.tar.gz} bundle into {@code BACKUP_DIR}, for our bundles and for OpenCRVS 1.4+'s.
 * Ours list exactly the files of their manifest, each checked against it; the set's manifest itself is
 * held back, to be written last. OpenCRVS's hold {@code mongo/}, {@code influxdb/} (its files directly, or
 * in a {@code <label>/} folder), the whole {@code elasticsearch/} repository, and folders crvs-backup does
 * not restore ({@code minio/}, {@code vsexport/}, {@code sqlite/}, {@code postgres/}, {@code metabase/}),
 * which are placed where OpenCRVS's own restore expects them. The stream is read to its very end, so
 * that the gzip trailer, the padding and any MAC are all checked.
 */
final class BundleExtractor {
  private static final Set<String> OPENCRVS_EXTRAS = Set.of("minio", "vsexport", "sqlite", "postgres", "metabase");
  private static final int MAX_MANIFEST = 16 * 1024 * 1024;
  private final Placer placer;
  private final Label label;
  private final OffsiteListener listener;

  BundleExtractor(Placer placer, Label label, OffsiteListener listener) {
    this.placer = placer;
    this.label = label;
    this.listener = listener;
  }

  /** What came out: our set's manifest (to write last), and whether Elasticsearch files were skipped. */
  record Result(Optional<byte[]> manifest, int esSkipped) {}

  /**
   * @param expected for our bundles, the manifest's files by path; empty for an OpenCRVS bundle
   * @param placeElasticsearch whether the bundle's Elasticsearch repository files are placed
   */
  Result extract(InputStream plain, Optional<Map<String, RemoteManifest.PlainFile>> expected,
      boolean placeElasticsearch) throws IOException {
    GZIPInputStream gz = new GZIPInputStream(plain, 64 * 1024);
    TarReader tar = new TarReader(gz);
    String manifestPath = Layout.MANIFESTS + "/" + label.value() + ".json";
    byte[] manifest = null;
    Set<String> seen = new HashSet<>();
    int esSkipped = 0;
    for (TarReader.Entry e = tar.next(); e != null; e = tar.next()) {
      if (e.type() == TarReader.Type.DIRECTORY || e.name().equals(".")) {
        continue;
      }
      if (e.type() == TarReader.Type.LINK) {
        throw new Placer.MismatchException("the bundle holds a link (" + e.name() + "); links are refused");
      }
      if (e.type() == TarReader.Type.OTHER) {
        listener.warning(label + ": the bundle's entry " + e.name() + " is not a file; skipped");
        continue;
      }
      if (expected.isPresent()) {
        RemoteManifest.PlainFile f = expected.get().get(e.name());
        if (f == null || !seen.add(e.name())) {
          throw new Placer.MismatchException("the bundle holds " + e.name() + ", which its manifest does not list"
              + " (or lists once): the copy was altered");
        }
        if (e.name().equals(manifestPath)) {
          manifest = readManifest(tar.entryStream(), f);
        } else {
          placer.place(e.name(), tar.entryStream(), Optional.of(f));
        }
        continue;
      }
      Optional<String> target = opencrvsTarget(e.name());
      if (target.isEmpty()) {
        listener.warning(label + ": the bundle's entry " + e.name() + " has no place in BACKUP_DIR; skipped");
      } else if (target.get().startsWith(Layout.ELASTICSEARCH + "/") && !placeElasticsearch) {
        esSkipped++;
      } else {
        try {
          placer.place(target.get(), tar.entryStream(), Optional.empty());
        } catch (Placer.ExistsException x) {
          if (!OPENCRVS_EXTRAS.contains(target.get().split("/")[0])) {
            throw x;
          }
          listener.warning(label + ": " + x.path() + " exists already; the bundle's copy is not placed");
        }
      }
    }
    byte[] rest = new byte[64 * 1024];
    while (gz.read(rest) >= 0) {
      // tar padding; the gzip trailer (CRC-32, length) is checked at the end of each member
    }
    while (plain.read(rest) >= 0) {
      // the end of the decrypted stream: padding and MAC are checked here
    }
    if (expected.isPresent()) {
      for (String p : expected.get().keySet()) {
        if (!seen.contains(p)) {
          throw new Placer.MismatchException("the bundle lacks " + p + ", which its manifest lists: it is incomplete");
        }
      }
    }
    return new Result(Optional.ofNullable(manifest), esSkipped);
  }

  private byte[] readManifest(InputStream in, RemoteManifest.PlainFile f) throws IOException {
    if (f.size() > MAX_MANIFEST) {
      throw new Placer.MismatchException("the bundle's manifest is larger than 16 MiB");
    }
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    in.transferTo(buf);
    MessageDigest md = Hashing.sha256();
    String sha = HexFormat.of().formatHex(md.digest(buf.toByteArray()));
    if (buf.size() != f.size() || !sha.equals(f.sha256())) {
      throw new Placer.MismatchException("the bundle's manifest does not match the remote manifest: the copy was"
          + " altered");
    }
    return buf.toByteArray();
  }

  /** Where an entry of an OpenCRVS bundle goes, relative to {@code BACKUP_DIR}; empty to skip it. */
  Optional<String> opencrvsTarget(String name) {
    String[] parts = name.split("/");
    String top = parts[0];
    if (parts.length < 2) {
      return Optional.empty();
    }
    if (top.equals(Layout.MONGO)) {
      return parts.length == 2 ? Optional.of(name) : Optional.empty();
    }
    if (top.equals(Layout.INFLUXDB)) {
      if (parts.length == 2) {
        return Optional.of(Layout.INFLUXDB + "/" + label.value() + "/" + parts[1]);
      }
      return parts.length == 3 && parts[1].equals(label.value()) ? Optional.of(name) : Optional.empty();
    }
    if (top.equals(Layout.ELASTICSEARCH) || OPENCRVS_EXTRAS.contains(top)) {
      return Optional.of(name);
    }
    return Optional.empty();
  }
}
