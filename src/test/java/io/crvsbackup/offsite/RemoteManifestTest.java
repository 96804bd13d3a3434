package io.crvsbackup.offsite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crvsbackup.store.Label;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The remote manifest's text format: it round-trips, and damage or unsafe content is refused. */
class RemoteManifestTest {
  private static final Label LABEL = new Label("2026-11-25");
  private static final String SHA = "ab".repeat(32);

  static RemoteManifest sample() {
    return new RemoteManifest(LABEL, "complete", Instant.parse("2026-11-25T00:00:05Z"),
        Instant.parse("2026-11-25T00:10:00Z"), Encryption.Mode.OPENSSL, Optional.of("snapshot_2026-11-25"),
        Optional.of(12L),
        List.of(new RemoteManifest.StoredObject("2026-11-25.tar.gz.enc", 1234, SHA, Optional.of("cd".repeat(32)),
            Optional.of("0123456789abcdef"))),
        List.of(new RemoteManifest.PlainFile("mongo/hearth-dev-2026-11-25.gz", 1000, SHA),
            new RemoteManifest.PlainFile("manifests/2026-11-25.json", 200, SHA)),
        List.of(new RemoteManifest.EsFile("indices/abc/0/__x", 77, SHA, 1_790_000_000_000L, Encryption.Mode.OPENSSL,
            112, SHA, Optional.of("ef".repeat(32)), Optional.of("0123456789abcdef"))));
  }

  @Test
  void itRoundTrips() {
    RemoteManifest m = sample();

    RemoteManifest back = RemoteManifest.decode(m.encode(), LABEL);

    assertThat(back).usingRecursiveComparison().isEqualTo(m);
    assertThat(back.elasticsearch().get(0).storedPath()).isEqualTo("indices/abc/0/__x.enc");
    assertThat(back.storedBytes()).isEqualTo(1234);
  }

  @Test
  void anEditedManifestIsRefused() {
    String text = new String(sample().encode(), StandardCharsets.UTF_8).replace("1000", "1001");

    assertThatThrownBy(() -> RemoteManifest.decode(text.getBytes(StandardCharsets.UTF_8), LABEL))
        .hasMessageContaining("checksum");
  }

  @Test
  void aTruncatedManifestIsRefused() {
    byte[] b = sample().encode();

    assertThatThrownBy(() -> RemoteManifest.decode(java.util.Arrays.copyOf(b, b.length - 80), LABEL))
        .hasMessageContaining("truncated");
  }

  @Test
  void aManifestOfAnotherSetIsRefused() {
    assertThatThrownBy(() -> RemoteManifest.decode(sample().encode(), new Label("2026-11-24")))
        .hasMessageContaining("not 2026-11-24");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"../../etc/cron.d/x", "/etc/passwd", "mongo/./x", "a\tb"})
  void anUnsafePathIsRefusedEvenWithAGoodChecksum(String path) {
    StringBuilder sb = new StringBuilder(RemoteManifest.HEADER).append('\n')
        .append("label 2026-11-25\nstatus complete\ncreated 2026-11-25T00:00:05Z\npushed 2026-11-25T00:10:00Z\n")
        .append("encryption none\nfile 1 ").append(SHA).append(' ').append(path).append('\n');

    assertThatThrownBy(() -> RemoteManifest.decode(RemoteManifest.seal(sb), LABEL))
        .hasMessageContaining("malformed");
  }

  @Test
  void linesOfALaterVersionAreIgnored() {
    StringBuilder sb = new StringBuilder(RemoteManifest.HEADER).append('\n')
        .append("label 2026-11-25\nstatus complete\ncreated 2026-11-25T00:00:05Z\npushed 2026-11-25T00:10:00Z\n")
        .append("encryption age-x25519\nsomething-new 42\n");

    RemoteManifest m = RemoteManifest.decode(RemoteManifest.seal(sb), LABEL);

    assertThat(m.mode()).isEqualTo(Encryption.Mode.AGE);
    assertThat(m.objects()).isEmpty();
  }

  @Test
  void onlyExactLabelsAreSetFolders() {
    assertThat(RemoteManifest.label("2026-11-25")).contains(LABEL);
    assertThat(RemoteManifest.label("_elasticsearch")).isEmpty();
    assertThat(RemoteManifest.label("latest")).isEmpty();
    assertThat(RemoteManifest.label("2026-11-5")).isEmpty();
  }
}
