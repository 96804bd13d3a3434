package io.crvsbackup.store;

/**
 * One file of a backup set, as the manifest records it.
 *
 * @param engine the engine that wrote it ({@code mongo}, {@code elasticsearch}, {@code influxdb})
 * @param path the path relative to {@code BACKUP_DIR}, with forward slashes
 * @param size its length in bytes
 * @param sha256 its SHA-256, lowercase hex
 */
public record Artifact(String engine, String path, long size, String sha256) {}
