package io.crvsbackup.offsite;

import io.crvsbackup.store.BadInputException;
import io.crvsbackup.store.Label;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Our manifest of a set on the backup server ({@code <label>/crvs-backup-set.txt}): what was pushed and how
 * to check it. A folder with it is ours and complete; retention deletes only what such manifests list.
 * The format is lines of text, the last of which holds the SHA-256 of the others (see {@code spec.md}).
 *
 * @param status the local set's status when it was pushed: {@code complete} or {@code imported}
 * @param objects the stored files in the set's folder (a bundle, or the set's files themselves)
 * @param files the set's plain files, as they are placed under {@code BACKUP_DIR} when pulled back
 * @param elasticsearch the Elasticsearch repository's files at the time of the push
 * @param esGeneration the repository's generation N ({@code index-N}) then, written back as {@code index.latest}
 */
record RemoteManifest(
    Label label,
    String status,
    Instant created,
    Instant pushed,
    Encryption.Mode mode,
    Optional<String> snapshot,
    Optional<Long> esGeneration,
    List<StoredObject> objects,
    List<PlainFile> files,
    List<EsFile> elasticsearch) {

  static final String HEADER = "crvs-backup offsite set 1";
  private static final Pattern SHA = Pattern.compile("[0-9a-f]{64}");
  /** A MAC, or a key check, which may name a mirror salt after a colon (see {@link Encryption#MIRROR_SEPARATOR}). */
  private static final Pattern TAG = Pattern.compile("[0-9a-f]{16,64}(:[0-9a-f]{16,64})?");

  RemoteManifest {
    objects = List.copyOf(objects);
    files = List.copyOf(files);
    elasticsearch = List.copyOf(elasticsearch);
  }

  /** A file as stored on the server: its path relative to its folder, its stored size and hash, its tags. */
  record StoredObject(String path, long size, String sha256, Optional<String> mac, Optional<String> keyCheck) {}

  /** A plain file of the set, its path relative to {@code BACKUP_DIR}. */
  record PlainFile(String path, long size, String sha256) {}

  /**
   * A file of the Elasticsearch repository: its plain path (relative to the repository), size, hash and
   * modification time, and how it is stored in the mirror (as {@link #storedPath()}).
   */
  record EsFile(String path, long size, String sha256, long mtime, Encryption.Mode mode, long storedSize,
      String storedSha256, Optional<String> mac, Optional<String> keyCheck) {
    String storedPath() {
      return path + mode.suffix;
    }

    StoredObject stored() {
      return new StoredObject(storedPath(), storedSize, storedSha256, mac, keyCheck);
    }
  }

  long storedBytes() {
    return objects.stream().mapToLong(StoredObject::size).sum();
  }

  byte[] encode() {
    StringBuilder sb = new StringBuilder(HEADER).append('\n');
    sb.append("label ").append(label.value()).append('\n');
    sb.append("status ").append(status).append('\n');
    sb.append("created ").append(created).append('\n');
    sb.append("pushed ").append(pushed).append('\n');
    sb.append("encryption ").append(mode.word).append('\n');
    sb.append("snapshot ").append(snapshot.orElse("-")).append('\n');
    sb.append("es-generation ").append(esGeneration.map(String::valueOf).orElse("-")).append('\n');
    for (StoredObject o : objects) {
      sb.append("object ").append(stored(o)).append('\n');
    }
    for (PlainFile f : files) {
      sb.append("file ").append(f.size()).append(' ').append(f.sha256()).append(' ').append(f.path()).append('\n');
    }
    for (EsFile e : elasticsearch) {
      sb.append("es ").append(esLine(e)).append('\n');
    }
    return seal(sb);
  }

  static String stored(StoredObject o) {
    return o.size() + " " + o.sha256() + " " + o.mac().orElse("-") + " " + o.keyCheck().orElse("-") + " " + o.path();
  }

  static String esLine(EsFile e) {
    return e.size() + " " + e.sha256() + " " + e.mtime() + " " + e.mode().word + " " + e.storedSize() + " "
        + e.storedSha256() + " " + e.mac().orElse("-") + " " + e.keyCheck().orElse("-") + " " + e.path();
  }

  /** Appends the {@code end <sha256>} line over everything before it. */
  static byte[] seal(StringBuilder sb) {
    byte[] body = sb.toString().getBytes(StandardCharsets.UTF_8);
    sb.append("end ").append(HexFormat.of().formatHex(Hashing.sha256().digest(body))).append('\n');
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Parses and checks a manifest.
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  static RemoteManifest decode(byte[] bytes, Label expected) {
    List<String> lines = checkedLines(bytes, HEADER);
    String label = null;
    String status = null;
    Instant created = null;
    Instant pushed = null;
    Encryption.Mode mode = null;
    Optional<String> snapshot = Optional.empty();
    Optional<Long> generation = Optional.empty();
    List<StoredObject> objects = new ArrayList<>();
    List<PlainFile> files = new ArrayList<>();
    List<EsFile> es = new ArrayList<>();
    for (String line : lines) {
      int sp = line.indexOf(' ');
      String key = sp < 0 ? line : line.substring(0, sp);
      String value = sp < 0 ? "" : line.substring(sp + 1);
      try {
        switch (key) {
          case "label" -> label = value;
          case "status" -> status = value;
          case "created" -> created = Instant.parse(value);
          case "pushed" -> pushed = Instant.parse(value);
          case "encryption" -> mode = Encryption.Mode.of(value);
          case "snapshot" -> snapshot = value.equals("-") ? Optional.empty() : Optional.of(value);
          case "es-generation" -> generation = value.equals("-") ? Optional.empty() : Optional.of(Long.parseLong(value));
          case "object" -> objects.add(storedObject(value.split(" ", 5)));
          case "file" -> {
            String[] f = value.split(" ", 3);
            files.add(new PlainFile(path(f[2]), size(f[0]), sha(f[1])));
          }
          case "es" -> es.add(esFile(value));
          default -> {
            // lines of a later format version are ignored
          }
        }
      } catch (DateTimeParseException | NumberFormatException | ArrayIndexOutOfBoundsException
          | DecryptionException e) {
        throw new IllegalArgumentException("its line '" + key + "' is malformed");
      }
    }
    if (label == null || status == null || created == null || pushed == null || mode == null) {
      throw new IllegalArgumentException("a required line (label, status, created, pushed, encryption) is missing");
    }
    if (!label.equals(expected.value())) {
      throw new IllegalArgumentException("it is for set " + label + ", not " + expected);
    }
    return new RemoteManifest(expected, status, created, pushed, mode, snapshot, generation, objects, files, es);
  }

  static EsFile esFile(String value) throws DecryptionException {
    String[] f = value.split(" ", 9);
    return new EsFile(path(f[8]), size(f[0]), sha(f[1]), Long.parseLong(f[2]), Encryption.Mode.of(f[3]),
        size(f[4]), sha(f[5]), tag(f[6]), tag(f[7]));
  }

  private static StoredObject storedObject(String[] f) {
    return new StoredObject(path(f[4]), size(f[0]), sha(f[1]), tag(f[2]), tag(f[3]));
  }

  /** The lines between the header and the end line, once the end line's hash is checked. */
  static List<String> checkedLines(byte[] bytes, String header) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    int end = text.lastIndexOf("\nend ");
    if (!text.startsWith(header + "\n") || end < 0) {
      throw new IllegalArgumentException("it is not a crvs-backup manifest, or it is truncated (no end line)");
    }
    String body = text.substring(0, end + 1);
    String sha = text.substring(end + 5).trim();
    String actual = HexFormat.of().formatHex(Hashing.sha256().digest(body.getBytes(StandardCharsets.UTF_8)));
    if (!actual.equals(sha)) {
      throw new IllegalArgumentException("its checksum does not match: it was damaged or edited");
    }
    List<String> lines = new ArrayList<>(List.of(body.split("\n")));
    lines.remove(0);
    return lines;
  }

  static Optional<Label> label(String name) {
    try {
      Label l = Label.parse(name);
      return l.value().equals(name) ? Optional.of(l) : Optional.empty();
    } catch (BadInputException e) {
      return Optional.empty();
    }
  }

  private static long size(String s) {
    long n = Long.parseLong(s);
    if (n < 0) {
      throw new NumberFormatException("negative size");
    }
    return n;
  }

  private static String sha(String s) {
    if (!SHA.matcher(s).matches()) {
      throw new NumberFormatException("not a sha256");
    }
    return s;
  }

  private static Optional<String> tag(String s) {
    if (s.equals("-")) {
      return Optional.empty();
    }
    if (!TAG.matcher(s).matches()) {
      throw new NumberFormatException("not a tag");
    }
    return Optional.of(s);
  }

  /** A relative path that stays where it is put: no leading '/', no '.' or '..' part, no control character. */
  static String path(String p) {
    if (p.isEmpty() || p.startsWith("/") || p.chars().anyMatch(c -> c < 0x20)
        || ("/" + p + "/").contains("/../") || ("/" + p + "/").contains("/./")) {
      throw new NumberFormatException("unsafe path");
    }
    return p;
  }
}
