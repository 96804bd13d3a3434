package io.crvsbackup.job;

import io.crvsbackup.store.Label;
import io.crvsbackup.store.Layout;

/** Where an engine writes its part of a new set, and who hears about its progress. */
public record BackupTarget(Label label, Layout layout, JobListener listener) {}
