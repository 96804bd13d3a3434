package io.crvsbackup.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AtomicFilesTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {0, 1, 4096, 256 * 1024, 256 * 1024 + 1, 3 * 1024 * 1024 + 17})
  void writesTheContentAndReportsItsSizeAndSha256(int length) throws Exception {
    byte[] bytes = randomBytes(length, length);
    Path target = dir.resolve("mongo/hearth-dev-2026-11-26.gz");

    WrittenFile written = AtomicFiles.write(target, bytes);

    assertThat(written.path()).isEqualTo(target);
    assertThat(Files.readAllBytes(target)).isEqualTo(bytes);
    assertThat(written.size()).isEqualTo(length).isEqualTo(Files.size(target));
    assertThat(written.sha256()).isEqualTo(sha256(bytes));
    assertThat(names(target.getParent())).containsExactly("hearth-dev-2026-11-26.gz");
  }

  @Test
  void streamsContentInSmallAndLargeWrites() throws Exception {
    byte[] big = randomBytes(700_000, 7);
    Path target = dir.resolve("stream.bin");

    WrittenFile written =
        AtomicFiles.write(
            target,
            out -> {
              out.write(big[0]);
              out.write(big, 1, 99);
              out.write(big, 100, big.length - 100);
            });

    assertThat(Files.readAllBytes(target)).isEqualTo(big);
    assertThat(written.sha256()).isEqualTo(sha256(big));
    assertThat(written.size()).isEqualTo(big.length);
  }

  @Test
  void replacesAnEarlierFile() throws Exception {
    Path target = dir.resolve("manifests/2026-11-26.json");
    AtomicFiles.write(target, "old".getBytes(StandardCharsets.UTF_8));

    AtomicFiles.write(target, "new".getBytes(StandardCharsets.UTF_8));

    assertThat(Files.readString(target)).isEqualTo("new");
    assertThat(names(target.getParent())).containsExactly("2026-11-26.json");
  }

  @Test
  void theBytesGoToAPartialFileUntilTheyAreComplete() throws Exception {
    Path target = dir.resolve("x.gz");
    AtomicBoolean partialSeen = new AtomicBoolean();

    AtomicFiles.write(
        target,
        out -> {
          out.write(new byte[300_000]);
          out.flush();
          partialSeen.set(Files.exists(dir.resolve("x.gz.partial")) && !Files.exists(target));
        });

    assertThat(partialSeen).isTrue();
    assertThat(names(dir)).containsExactly("x.gz");
  }

  @Test
  void aWriterThatFailsMidwayLeavesNoPartialAndTheEarlierFileIntact() throws Exception {
    Path target = dir.resolve("mongo/hearth-dev-2026-11-26.gz");
    byte[] earlier = randomBytes(5000, 1);
    AtomicFiles.write(target, earlier);
    IOException boom = new IOException("connection reset by mongod");
    AtomicBoolean partialExisted = new AtomicBoolean();

    Throwable thrown =
        catchThrowable(
            () ->
                AtomicFiles.write(
                    target,
                    out -> {
                      // more than the buffer, so part of it really reached the partial file
                      out.write(randomBytes(600_000, 2));
                      partialExisted.set(Files.size(dir.resolve("mongo/hearth-dev-2026-11-26.gz.partial")) > 0);
                      throw boom;
                    }));

    assertThat(thrown).isSameAs(boom);
    assertThat(partialExisted).isTrue();
    assertThat(Files.readAllBytes(target)).isEqualTo(earlier);
    assertThat(names(target.getParent())).containsExactly("hearth-dev-2026-11-26.gz");
  }

  @Test
  void theCheckSeesTheSizeAndSha256OfAllTheBytesAndARefusalPlacesNothing() throws Exception {
    Path target = dir.resolve("elasticsearch/indices/x/0/__1");
    byte[] earlier = randomBytes(100, 7);
    AtomicFiles.write(target, earlier);
    byte[] bytes = randomBytes(700_000, 8);
    long[] seenSize = new long[1];
    String[] seenSha = new String[1];
    IOException refused = new IOException("not what the manifest says");

    Throwable thrown = catchThrowable(() -> AtomicFiles.write(target, out -> out.write(bytes), (size, sha) -> {
      seenSize[0] = size;
      seenSha[0] = sha;
      throw refused;
    }));

    assertThat(thrown).isSameAs(refused);
    assertThat(seenSize[0]).isEqualTo(bytes.length);
    assertThat(seenSha[0]).isEqualTo(sha256(bytes));
    assertThat(Files.readAllBytes(target)).isEqualTo(earlier);
    assertThat(names(target.getParent())).containsExactly("__1");

    WrittenFile accepted = AtomicFiles.write(target, out -> out.write(bytes), (size, sha) -> { });
    assertThat(accepted.sha256()).isEqualTo(seenSha[0]);
    assertThat(Files.readAllBytes(target)).isEqualTo(bytes);
  }

  @Test
  void aRuntimeFailureAlsoLeavesNoPartial() throws Exception {
    Path target = dir.resolve("y.json");
    AtomicFiles.write(target, "earlier".getBytes(StandardCharsets.UTF_8));
    UncheckedIOException boom = new UncheckedIOException(new IOException("disk gone"));

    Throwable thrown =
        catchThrowable(
            () ->
                AtomicFiles.write(
                    target,
                    out -> {
                      out.write("half".getBytes(StandardCharsets.UTF_8));
                      throw boom;
                    }));

    assertThat(thrown).isSameAs(boom);
    assertThat(Files.readString(target)).isEqualTo("earlier");
    assertThat(names(dir)).containsExactly("y.json");
  }

  @Test
  void aFailedFirstWriteLeavesNothing() throws Exception {
    Path target = dir.resolve("z.gz");

    Throwable thrown =
        catchThrowable(
            () ->
                AtomicFiles.write(
                    target,
                    out -> {
                      out.write(1);
                      throw new IOException("dump failed");
                    }));

    assertThat(thrown).hasMessage("dump failed");
    assertThat(names(dir)).isEmpty();
  }

  private static byte[] randomBytes(int length, long seed) {
    byte[] b = new byte[length];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
