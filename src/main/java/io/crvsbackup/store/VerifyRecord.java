package io.crvsbackup.store;

import java.time.Instant;
import java.util.List;

/** The outcome of one {@code verify} of a set, kept beside its manifest for {@code list}. */
public record VerifyRecord(Instant at, boolean ok, List<String> problems) {
  public VerifyRecord {
    problems = List.copyOf(problems);
  }
}
