package io.crvsbackup.influx;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** A failed export always says what went wrong, even when the exception carries no message. */
class ShardExportReasonTest {
  @Test
  void anExceptionWithoutAMessageIsNamedByItsClass() {
    assertThat(ShardExport.reason(new EOFException())).isEqualTo("EOFException");
  }

  @Test
  void aCauseIsAddedUnlessTheMessageAlreadySaysIt() {
    assertThat(ShardExport.reason(new IOException("the shard stream ended early", new EOFException())))
        .isEqualTo("the shard stream ended early: EOFException");
    IOException cause = new IOException("Connection reset");
    assertThat(ShardExport.reason(new IOException("read: Connection reset", cause))).isEqualTo("read: Connection reset");
    assertThat(ShardExport.reason(new IOException(cause))).isEqualTo("java.io.IOException: Connection reset");
  }
}
