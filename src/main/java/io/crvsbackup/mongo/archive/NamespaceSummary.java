package io.crvsbackup.mongo.archive;

/**
 * What one namespace of an archive holds: its documents, their bytes, and the CRC-64 over those
 * bytes as the namespace's EOF header carries it.
 */
public record NamespaceSummary(Namespace namespace, long documents, long bytes, long crc) {}
