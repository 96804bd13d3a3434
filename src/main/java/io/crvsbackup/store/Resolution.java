package io.crvsbackup.store;

import java.util.Optional;

/** The set that an operator's {@code <when>} names, and a note when the choice needs explaining. */
public record Resolution(BackupSet set, Optional<String> note) {}
