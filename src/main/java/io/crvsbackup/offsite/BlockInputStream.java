package io.crvsbackup.offsite;

import java.io.IOException;
import java.io.InputStream;

/**
 * A stream that decrypts its source block by block: the subclass produces each block of plaintext,
 * and says when the block it returns is the last one. Shared by the age and openssl decryptors.
 */
abstract class BlockInputStream extends InputStream {
  protected final InputStream in;
  private byte[] block = new byte[0];
  private int pos;
  private boolean finished;

  BlockInputStream(InputStream in) {
    this.in = in;
  }

  /** The next block of plaintext (possibly empty); call {@link #finish()} when it is the last. */
  protected abstract byte[] nextBlock() throws IOException;

  /** Marks the block being returned by {@link #nextBlock()} as the last one. */
  protected final void finish() {
    finished = true;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    while (pos >= block.length) {
      if (finished) {
        return -1;
      }
      block = nextBlock();
      pos = 0;
    }
    int n = Math.min(len, block.length - pos);
    System.arraycopy(block, pos, b, off, n);
    pos += n;
    return n;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
