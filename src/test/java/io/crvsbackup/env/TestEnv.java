package io.crvsbackup.env;

import static org.assertj.core.api.Assertions.fail;

/** Reads what {@code eval "$(scripts/test-env up)"} exported; a missing variable fails the test. */
public final class TestEnv {
  private TestEnv() {}

  public static String require(String name) {
    String v = System.getenv(name);
    if (v == null || v.isBlank()) {
      fail(name + " is not set: integration tests need the servers of scripts/test-env;"
          + " run: eval \"$(scripts/test-env up)\"");
    }
    return v;
  }
}
