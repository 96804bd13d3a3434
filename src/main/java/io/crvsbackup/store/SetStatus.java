package io.crvsbackup.store;

import java.util.Locale;

/** What a backup set on disk is. */
public enum SetStatus {
  /** Written by crvs-backup; every part succeeded. */
  COMPLETE,
  /** Written by crvs-backup, but a part failed or the run was interrupted. Never restored silently. */
  INCOMPLETE,
  /** Files in the layout without a manifest of ours, as OpenCRVS's own scripts leave them. */
  IMPORTED;

  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether a set in this state can be restored. */
  public boolean restorable() {
    return this != INCOMPLETE;
  }
}
