package io.crvsbackup.offsite;

import io.crvsbackup.store.Label;
import java.time.Duration;
import java.util.Optional;

/**
 * What a pull placed under {@code BACKUP_DIR}.
 *
 * @param source what the remote set was (ours, or an OpenCRVS bundle)
 * @param files the files placed (Elasticsearch repository files included)
 * @param bytes their plain size
 * @param elasticsearchNote why the set's Elasticsearch part was not placed, when it was not
 */
public record PullReport(
    Label label, RemoteSet.Kind source, int files, long bytes, Optional<String> elasticsearchNote, Duration took) {}
