package io.crvsbackup.offsite;

import io.crvsbackup.store.Label;
import java.time.Duration;
import java.util.List;

/**
 * What a push did: the sets copied (or found there already), the sets that failed and why, and the sets
 * that remote retention deleted. A failed push leaves the local set as it was.
 */
public record PushReport(List<Pushed> pushed, List<Failed> failed, List<Label> deletedRemotely) {
  public PushReport {
    pushed = List.copyOf(pushed);
    failed = List.copyOf(failed);
    deletedRemotely = List.copyOf(deletedRemotely);
  }

  /**
   * One set copied.
   *
   * @param filesSent files uploaded now (a bundle counts as one; Elasticsearch files included)
   * @param filesKept files that were on the server already with the right size and hash
   * @param alreadyThere whether the server had the whole set already
   */
  public record Pushed(Label label, int filesSent, int filesKept, long bytesSent, boolean alreadyThere, Duration took) {}

  /** One set that could not be copied, after the retries. */
  public record Failed(Label label, OffsiteException error) {}

  public boolean ok() {
    return failed.isEmpty();
  }
}
