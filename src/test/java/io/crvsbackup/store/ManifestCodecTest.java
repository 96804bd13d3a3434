package io.crvsbackup.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ManifestCodecTest {
  private static final String SHA_A = "a".repeat(64);
  private static final String SHA_B = "0123456789abcdef".repeat(4);

  @TempDir Path root;
  private Layout layout;

  @BeforeEach
  void setUp() {
    layout = new Layout(root);
  }

  static Manifest sample(String label, SetStatus status) {
    return new Manifest(
        new Label(label),
        status,
        Instant.parse("2026-11-25T00:00:05Z"),
        Optional.of(Instant.parse("2026-11-25T00:03:41.5Z")),
        "0.1.0",
        List.of(
            new Artifact("mongo", "mongo/hearth-dev-" + label + ".gz", 1234, SHA_A),
            new Artifact("influxdb", "influxdb/" + label + "/20261125T000005Z.meta", 0, SHA_B)),
        Map.of(
            "mongo", ManifestCodec.JSON.createObjectNode().put("documents", 42).put("server", "7.0.12"),
            "influxdb", ManifestCodec.JSON.createObjectNode().put("shards", 3)),
        status == SetStatus.INCOMPLETE
            ? List.of(new Manifest.Failure("elasticsearch", "snapshot failed: repository missing"))
            : List.of());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"2026-11-25, COMPLETE", "pre-upgrade, COMPLETE", "2026-11-25, INCOMPLETE"})
  void roundTrip(String label, SetStatus status) throws Exception {
    Manifest m = sample(label, status);
    Path file = write(label + ".json", ManifestCodec.encode(m));

    assertThat(ManifestCodec.read(file, layout)).isEqualTo(m);
  }

  @Test
  void aManifestWithoutFinishOrEnginesRoundTrips() throws Exception {
    Manifest m =
        new Manifest(
            new Label("2026-11-25"), SetStatus.INCOMPLETE, Instant.parse("2026-11-25T00:00:05Z"), Optional.empty(),
            "0.1.0", List.of(), Map.of(), List.of());

    assertThat(ManifestCodec.read(write("2026-11-25.json", ManifestCodec.encode(m)), layout)).isEqualTo(m);
  }

  @Test
  void theEncodingHasTheFieldsTheIssueRequires() throws Exception {
    JsonNode json = ManifestCodec.JSON.readTree(ManifestCodec.encode(sample("2026-11-25", SetStatus.COMPLETE)));

    assertThat(json.path("label").asText()).isEqualTo("2026-11-25");
    assertThat(json.path("status").asText()).isEqualTo("complete");
    assertThat(json.path("created").asText()).isEqualTo("2026-11-25T00:00:05Z");
    assertThat(json.path("format").asInt()).isEqualTo(Manifest.FORMAT);
    JsonNode first = json.path("artifacts").get(0);
    assertThat(first.path("engine").asText()).isEqualTo("mongo");
    assertThat(first.path("path").asText()).isEqualTo("mongo/hearth-dev-2026-11-25.gz");
    assertThat(first.path("size").asLong()).isEqualTo(1234);
    assertThat(first.path("sha256").asText()).isEqualTo(SHA_A);
  }

  @Test
  void aManifestIsNeverWrittenForAnImportedSet() {
    assertThatThrownBy(() -> sample("2026-11-25", SetStatus.IMPORTED)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest(name = "''{0}''")
  @ValueSource(strings = {"this is not json {", "{\"format\": 1, \"label\": ", "{\"format\": 1,,}", "\u0000\u0001"})
  void notJsonIsRefusedNamingTheFile(String content) throws Exception {
    Path file = write("2026-11-25.json", content.getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> ManifestCodec.read(file, layout))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("is not valid JSON");
  }

  @ParameterizedTest(name = "''{0}''")
  @ValueSource(strings = {"", "[]", "\"text\"", "42", "null"})
  void jsonThatIsNotAnObjectIsRefusedNamingTheFile(String content) throws Exception {
    Path file = write("2026-11-25.json", content.getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> ManifestCodec.read(file, layout))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("not a JSON object");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "../../etc/passwd", "/etc/passwd", "../outside.gz", "mongo/../../outside.gz", "..", ".", "mongo/..",
      })
  void aListedPathOutsideBackupDirIsRefused(String path) throws Exception {
    Path file = edited("2026-11-25", m -> artifact(m).put("path", path));

    assertThatThrownBy(() -> ManifestCodec.read(file, layout))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("'" + path + "'")
        .hasMessageContaining("outside BACKUP_DIR");
  }

  @Test
  void aListedPathThatStaysInsideIsAccepted() throws Exception {
    Path file = edited("2026-11-25", m -> artifact(m).put("path", "influxdb/../mongo/hearth-dev-2026-11-25.gz"));

    assertThat(ManifestCodec.read(file, layout).artifacts().get(0).path())
        .isEqualTo("influxdb/../mongo/hearth-dev-2026-11-25.gz");
  }

  @ParameterizedTest(name = "sha256 {0}")
  @ValueSource(
      strings = {
        "abc", "", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "gggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggg",
      })
  void aBadSha256IsRefused(String sha) throws Exception {
    Path file = edited("2026-11-25", m -> artifact(m).put("sha256", sha));

    assertThatThrownBy(() -> ManifestCodec.read(file, layout))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("sha256");
  }

  @Test
  void aNegativeSizeIsRefused() throws Exception {
    Path file = edited("2026-11-25", m -> artifact(m).put("size", -1));

    assertThatThrownBy(() -> ManifestCodec.read(file, layout))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("mongo/hearth-dev-2026-11-25.gz has no valid size");
  }

  @Test
  void aSizeThatIsNotANumberIsRefused() throws Exception {
    Path file = edited("2026-11-25", m -> artifact(m).put("size", "big"));

    assertThatThrownBy(() -> ManifestCodec.read(file, layout)).hasMessageContaining("no valid size");
  }

  @Test
  void aLabelThatDoesNotMatchTheFileNameIsRefused() throws Exception {
    Path file = root.resolve("manifests/2026-11-24.json");
    Files.createDirectories(file.getParent());
    Files.write(file, ManifestCodec.encode(sample("2026-11-25", SetStatus.COMPLETE)));

    assertThatThrownBy(() -> ManifestCodec.read(file, layout))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("'2026-11-25' does not match its file name");
  }

  @ParameterizedTest(name = "label {0}")
  @ValueSource(strings = {"Latest", "latest", "2026-02-30"})
  void anInvalidLabelIsRefused(String label) throws Exception {
    Path file = edited("2026-11-25", m -> m.put("label", label));

    assertThatThrownBy(() -> ManifestCodec.read(file, layout))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("malformed: label");
  }

  @ParameterizedTest(name = "format {0}")
  @ValueSource(ints = {0, 2, 99})
  void anUnknownFormatIsRefused(int format) throws Exception {
    Path file = edited("2026-11-25", m -> m.put("format", format));

    assertThatThrownBy(() -> ManifestCodec.read(file, layout))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("format " + format + " is not supported");
  }

  @Test
  void aMissingFormatIsRefused() throws Exception {
    Path file = edited("2026-11-25", m -> m.remove("format"));

    assertThatThrownBy(() -> ManifestCodec.read(file, layout)).hasMessageContaining("is not supported");
  }

  @ParameterizedTest(name = "status {0}")
  @ValueSource(strings = {"done", "imported", ""})
  void aStatusOtherThanCompleteOrIncompleteIsRefused(String status) throws Exception {
    Path file = edited("2026-11-25", m -> m.put("status", status));

    assertThatThrownBy(() -> ManifestCodec.read(file, layout))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("malformed");
  }

  @ParameterizedTest(name = "created {0}")
  @ValueSource(strings = {"yesterday", "2026-11-25", ""})
  void aCreatedThatIsNotAnInstantIsRefused(String created) throws Exception {
    Path file = edited("2026-11-25", m -> m.put("created", created));

    assertThatThrownBy(() -> ManifestCodec.read(file, layout))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("'created'");
  }

  @Test
  void artifactsThatAreNotAListAreRefused() throws Exception {
    Path file = edited("2026-11-25", m -> m.put("artifacts", "none"));

    assertThatThrownBy(() -> ManifestCodec.read(file, layout)).hasMessageContaining("artifacts must be a list");
  }

  private static ObjectNode artifact(ObjectNode manifest) {
    return (ObjectNode) ((ArrayNode) manifest.get("artifacts")).get(0);
  }

  /** Writes manifests/{label}.json as the codec would, then changed by {@code edit}. */
  private Path edited(String label, Consumer<ObjectNode> edit) throws Exception {
    ObjectNode m = (ObjectNode) ManifestCodec.JSON.readTree(ManifestCodec.encode(sample(label, SetStatus.COMPLETE)));
    edit.accept(m);
    return write(label + ".json", ManifestCodec.JSON.writeValueAsBytes(m));
  }

  private Path write(String name, byte[] bytes) throws Exception {
    Path file = layout.manifestsDir().resolve(name);
    Files.createDirectories(file.getParent());
    Files.write(file, bytes);
    return file;
  }
}
