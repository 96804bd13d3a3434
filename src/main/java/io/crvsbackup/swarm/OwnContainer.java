package io.crvsbackup.swarm;

import java.util.Optional;

/**
 * The container crvs-backup runs in, when it runs in one on this Docker engine.
 *
 * @param containerId the full container id
 * @param stack its {@code com.docker.stack.namespace} label: the stack it was deployed with
 * @param serviceId its {@code com.docker.swarm.service.id} label: the backup service, never scaled
 * @param serviceName its {@code com.docker.swarm.service.name} label
 * @param foundBy how the id was found ("/proc/self/mountinfo", "/proc/self/cgroup", "hostname")
 */
public record OwnContainer(
    String containerId,
    Optional<String> stack,
    Optional<String> serviceId,
    Optional<String> serviceName,
    String foundBy) {}
