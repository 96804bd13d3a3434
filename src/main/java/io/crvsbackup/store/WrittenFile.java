package io.crvsbackup.store;

import java.nio.file.Path;

/** A file that was written completely and atomically, with the size and SHA-256 of its bytes. */
public record WrittenFile(Path path, long size, String sha256) {}
