package io.crvsbackup.offsite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The age payload is byte for byte the STREAM construction of the age spec, computed here one chunk after
 * the other with the JDK's cipher, whatever the sizes of the writes and however many payloads are sealed
 * at once; a destination that fails fails the stream.
 */
class AgePayloadTest {
  private static final int CHUNK = 64 * 1024;

  /** The payload as the age spec defines it, sealed in order on this thread: the test's oracle. */
  private static byte[] reference(byte[] fileKey, byte[] nonce, byte[] plain) throws Exception {
    byte[] key = Hkdf.derive(fileKey, nonce, "payload", 32);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(nonce);
    int chunks = Math.max(1, (plain.length + CHUNK - 1) / CHUNK);
    for (int i = 0; i < chunks; i++) {
      byte[] n = new byte[12];
      n[10] = (byte) i;
      n[9] = (byte) (i >>> 8);
      n[8] = (byte) (i >>> 16);
      n[11] = (byte) (i == chunks - 1 ? 1 : 0);
      Cipher c = Cipher.getInstance("ChaCha20-Poly1305");
      c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(n));
      int from = i * CHUNK;
      out.write(c.doFinal(plain, from, Math.min(CHUNK, plain.length - from)));
    }
    return out.toByteArray();
  }

  private static byte[] bytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  /** Writes {@code plain} in pieces of random sizes (single bytes among them), then closes. */
  private static byte[] sealInPieces(byte[] fileKey, byte[] nonce, byte[] plain, long seed) throws IOException {
    ByteArrayOutputStream stored = new ByteArrayOutputStream();
    Random random = new Random(seed);
    try (OutputStream out = AgePayload.encrypt(stored, fileKey, nonce)) {
      for (int off = 0; off < plain.length; ) {
        int n = Math.min(plain.length - off, random.nextInt(4) == 0 ? 1 : 1 + random.nextInt(3 * CHUNK));
        if (n == 1) {
          out.write(plain[off]);
        } else {
          out.write(plain, off, n);
        }
        off += n;
      }
    }
    return stored.toByteArray();
  }

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 7 * CHUNK, 9 * CHUNK + 12_345, 40 * CHUNK + 1})
  void writtenInPiecesItIsTheSpecsStreamByteForByte(int size) throws Exception {
    byte[] fileKey = bytes(16, size);
    byte[] nonce = bytes(16, size + 1L);
    byte[] plain = bytes(size, size + 2L);

    byte[] ours = sealInPieces(fileKey, nonce, plain, size + 3L);

    assertThat(ours).isEqualTo(reference(fileKey, nonce, plain));
    try (InputStream in = AgePayload.decrypt(new ByteArrayInputStream(ours), fileKey)) {
      assertThat(in.readAllBytes()).isEqualTo(plain);
    }
  }

  @Test
  void payloadsSealedAtTheSameTimeOnManyThreadsStayApart() throws Exception {
    int writers = 6;
    byte[][] results = new byte[writers][];
    Thread[] threads = new Thread[writers];
    Throwable[] failures = new Throwable[writers];
    for (int w = 0; w < writers; w++) {
      int id = w;
      threads[w] = new Thread(() -> {
        try {
          results[id] = sealInPieces(bytes(16, 100 + id), bytes(16, 200 + id), bytes(11 * CHUNK + id, 300 + id), id);
        } catch (Throwable t) {
          failures[id] = t;
        }
      });
      threads[w].start();
    }
    for (int w = 0; w < writers; w++) {
      threads[w].join(60_000);
      assertThat(failures[w]).isNull();
      assertThat(results[w]).isEqualTo(reference(bytes(16, 100 + w), bytes(16, 200 + w), bytes(11 * CHUNK + w, 300 + w)));
    }
  }

  @Test
  void aFailingDestinationFailsTheWriteOrTheClose() {
    OutputStream full = new OutputStream() {
      private long written;

      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        written += len;
        if (written > 3L * CHUNK) {
          throw new IOException("No space left on device");
        }
      }
    };
    assertThatThrownBy(() -> {
      try (OutputStream out = AgePayload.encrypt(full, bytes(16, 1), bytes(16, 2))) {
        out.write(bytes(10 * CHUNK, 3));
      }
    }).isInstanceOf(IOException.class).hasMessageContaining("No space left on device");
  }
}
