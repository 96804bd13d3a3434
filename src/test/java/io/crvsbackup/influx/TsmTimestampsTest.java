package io.crvsbackup.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class TsmTimestampsTest {
  @Test
  void uncompressedHoldsTheFirstValueThenDeltas() throws Exception {
    byte[] b = ByteBuffer.allocate(1 + 24).put((byte) 0x00).putLong(1_000).putLong(7).putLong(3).array();
    assertThat(TsmTimestamps.count(b, 0, b.length)).isEqualTo(3);
    assertThat(TsmTimestamps.decode(b, 0, b.length)).containsExactly(1_000, 1_007, 1_010);
  }

  @Test
  void runLengthHoldsFirstDeltaAndCountScaledByTheLowNibble() throws Exception {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    o.write(0x23); // RLE, deltas divided by 10^3
    o.writeBytes(ByteBuffer.allocate(8).putLong(5_000_000_000L).array());
    o.writeBytes(new byte[] {(byte) 0xe8, 0x07}); // 1000, times 1000 = 1 s
    o.writeBytes(new byte[] {(byte) 0xac, 0x02}); // 300 values
    byte[] b = o.toByteArray();
    assertThat(TsmTimestamps.count(b, 0, b.length)).isEqualTo(300);
    long[] ts = TsmTimestamps.decode(b, 0, b.length);
    assertThat(ts).hasSize(300);
    assertThat(ts[0]).isEqualTo(5_000_000_000L);
    assertThat(ts[299]).isEqualTo(5_000_000_000L + 299 * 1_000_000L);
  }

  @Test
  void simple8bCountsBySelectorAndDecodesLowBitsFirst() throws Exception {
    long one = 0xFL << 60 | 5; // selector 15: one 60-bit value
    long two = 14L << 60 | 3L | 9L << 30; // selector 14: two 30-bit values, 3 then 9
    long ones = 0; // selector 0: 240 ones
    long bits = 2L << 60 | 0b101L; // selector 2: sixty 1-bit values, 1, 0, 1, then zeros
    byte[] b = ByteBuffer.allocate(1 + 8 + 32).put((byte) 0x11).putLong(100).putLong(one).putLong(two)
        .putLong(ones).putLong(bits).array();
    assertThat(TsmTimestamps.count(b, 0, b.length)).isEqualTo(1 + 1 + 2 + 240 + 60);
    long[] ts = TsmTimestamps.decode(b, 0, b.length);
    assertThat(ts).startsWith(100, 150, 180, 270, 280);
    assertThat(ts[3 + 240]).isEqualTo(270 + 2_400);
    assertThat(ts[3 + 241]).isEqualTo(270 + 2_410);
    assertThat(ts[3 + 242]).isEqualTo(270 + 2_410);
    assertThat(ts[ts.length - 1]).isEqualTo(270 + 2_420);
  }

  @Test
  void badInputIsAFormatError() {
    byte[] odd = ByteBuffer.allocate(1 + 8 + 5).put((byte) 0x10).array();
    assertThatThrownBy(() -> TsmTimestamps.count(odd, 0, odd.length)).isInstanceOf(FormatException.class)
        .hasMessageContaining("simple8b");
    byte[] unknown = {0x30, 0, 0};
    assertThatThrownBy(() -> TsmTimestamps.count(unknown, 0, unknown.length)).isInstanceOf(FormatException.class)
        .hasMessageContaining("encoding 3");
    byte[] cut = ByteBuffer.allocate(1 + 8 + 1).put((byte) 0x20).putLong(0).put((byte) 0x80).array();
    assertThatThrownBy(() -> TsmTimestamps.count(cut, 0, cut.length)).isInstanceOf(FormatException.class)
        .hasMessageContaining("varint");
  }

  @Test
  void anEmptyBlockHoldsNothing() throws Exception {
    assertThat(TsmTimestamps.count(new byte[0], 0, 0)).isZero();
    assertThat(TsmTimestamps.decode(new byte[0], 0, 0)).isEmpty();
  }
}
