package io.crvsbackup.mongo;

import io.crvsbackup.job.JobListener;

/**
 * What the dump and the restore of a database both work with, handed down from one engine run: how
 * server errors are named, the knobs, how many collections go at once, and who hears of progress.
 */
record RunContext(ServerErrors errors, Tuning tuning, int parallel, JobListener listener) {}
