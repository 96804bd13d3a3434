package io.crvsbackup.offsite;

import io.crvsbackup.store.Label;
import java.time.Instant;
import java.util.Optional;

/**
 * A set on the backup server.
 *
 * @param kind what it is and who wrote it
 * @param created when the set was taken (for an OpenCRVS bundle: the start of its date)
 * @param pushed when crvs-backup finished copying it, for its own sets
 * @param encryption {@code none}, {@code openssl-aes-256-cbc-pbkdf2} or {@code age-x25519}
 * @param bytes what it takes on the server (its share of the Elasticsearch mirror not counted)
 * @param problem why it cannot be used, when its manifest cannot be read
 */
public record RemoteSet(
    Label label, Kind kind, Instant created, Optional<Instant> pushed, String encryption, long bytes,
    Optional<String> problem) {

  /** Who wrote a remote set and in what state it is. */
  public enum Kind {
    /** A complete set of ours, pushed by crvs-backup. */
    COMPLETE,
    /** An imported local set (OpenCRVS's own files on this host) that crvs-backup pushed. */
    IMPORTED,
    /** {@code <label>/<label>.tar.gz.enc} as OpenCRVS 1.4+ leaves it; not ours, never deleted by us. */
    OPENCRVS,
    /** A push of ours that is under way or was interrupted; the next push completes it. */
    INCOMPLETE,
    /** A set of ours that remote retention began to delete. */
    DELETING;

    public String word() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Whether it can be pulled back and restored. */
  public boolean restorable() {
    return problem.isEmpty() && (kind == Kind.COMPLETE || kind == Kind.IMPORTED || kind == Kind.OPENCRVS);
  }

  /** Whether crvs-backup wrote it (and so may delete it). */
  public boolean ours() {
    return kind != Kind.OPENCRVS;
  }
}
