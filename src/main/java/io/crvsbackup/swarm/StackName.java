package io.crvsbackup.swarm;

import java.util.Optional;

/**
 * The stack to work on and where its name came from.
 *
 * @param name the stack's name
 * @param source {@code STACK_NAME}, "the label com.docker.stack.namespace of this container" or "the default"
 * @param warning set when {@code STACK_NAME} names another stack than the one this container belongs to
 */
public record StackName(String name, String source, Optional<String> warning) {}
