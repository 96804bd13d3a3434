package io.crvsbackup.offsite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A pipeline stage passes every byte in order on its own thread, closes downstream once, and reports failures. */
class PipeOutputStreamTest {
  @Test
  void everyByteArrivesInOrderOnTheStagesThreadAndDownstreamIsClosedOnce() throws Exception {
    byte[] data = new byte[3_000_000];
    new Random(7).nextBytes(data);
    Set<String> writers = ConcurrentHashMap.newKeySet();
    AtomicInteger closes = new AtomicInteger();
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    OutputStream down = new OutputStream() {
      @Override
      public void write(int b) {
        sink.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        writers.add(Thread.currentThread().getName());
        sink.write(b, off, len);
      }

      @Override
      public void close() {
        writers.add(Thread.currentThread().getName());
        closes.incrementAndGet();
      }
    };

    try (PipeOutputStream pipe = new PipeOutputStream(down, 1000, 3, "test-stage")) {
      Random sizes = new Random(1);
      for (int off = 0; off < data.length; ) {
        int n = Math.min(data.length - off, sizes.nextInt(5000));
        if (n == 1) {
          pipe.write(data[off]);
        } else {
          pipe.write(data, off, n);
        }
        off += n;
      }
    }

    assertThat(sink.toByteArray()).isEqualTo(data);
    assertThat(writers).containsExactly("test-stage");
    assertThat(closes).hasValue(1);
  }

  @Test
  void aFailureDownstreamIsThrownToTheWriterWhichNeverBlocks() throws Exception {
    AtomicInteger closes = new AtomicInteger();
    OutputStream down = new OutputStream() {
      private int seen;

      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        seen += len;
        if (seen > 5000) {
          throw new IOException("disk full on the server (test)");
        }
      }

      @Override
      public void close() {
        closes.incrementAndGet();
      }
    };
    PipeOutputStream pipe = new PipeOutputStream(down, 1000, 2, "test-stage");

    assertThatThrownBy(() -> {
      for (int i = 0; i < 100_000; i++) {
        pipe.write(new byte[100], 0, 100);
      }
    }).isInstanceOf(IOException.class).hasMessage("disk full on the server (test)");
    assertThatThrownBy(pipe::close).hasMessage("disk full on the server (test)");
    assertThat(closes).hasValue(1);
  }
}
