/**
 * Docker Swarm orchestration: find a stack's databases and dependents, and hold the dependents at 0
 * replicas while a restore replaces the data, always bringing them back.
 *
 * <p>Entry point: {@link io.crvsbackup.swarm.Swarm#connect}. The pure parts, usable and tested without
 * a swarm: {@link io.crvsbackup.swarm.StackServices#classify} (discovery rules), {@link
 * io.crvsbackup.swarm.Replicas#resolve} ({@code <replicas>}), {@link io.crvsbackup.swarm.ScalePlan#of}
 * (what a restore does to each service, and its text) and {@link io.crvsbackup.swarm.ScaleRecord} (the
 * journal's swarm part).
 *
 * <p>Three safety nets keep a stack from staying at 0: the {@link io.crvsbackup.swarm.Quiesce} returned
 * by a scale-down scales back on close; the journal record, written before anything is scaled, lets
 * {@link io.crvsbackup.swarm.Swarm#scaleBack} recover after a crash; and every service we scale down
 * carries the label {@code crvs-backup.scaled-down-from=<replicas>} until it is back, so a lost journal
 * is recovered with {@link io.crvsbackup.swarm.Swarm#findInterrupted} and a new plan never records 0 for
 * a service an interrupted restore left down.
 *
 * <p>Services are read and updated as raw JSON (see {@code DockerApi}); waits poll the tasks.
 */
package io.crvsbackup.swarm;
