package io.crvsbackup.config;

import java.util.Objects;

/**
 * A secret value (password, passphrase, URI with credentials). Its {@link #toString()} never shows the
 * value, so a secret that reaches a log line or an exception message by accident stays hidden. Code
 * that really needs the value calls {@link #reveal()}.
 */
public final class Secret {
  private static final String MASK = "******";
  private final String value;

  private Secret(String value) {
    this.value = Objects.requireNonNull(value, "value");
  }

  public static Secret of(String value) {
    return new Secret(value);
  }

  /** Returns the secret value itself; never log it. */
  public String reveal() {
    return value;
  }

  @Override
  public String toString() {
    return MASK;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secret other && other.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }
}
