package io.crvsbackup.swarm;

import java.util.List;
import java.util.Optional;

/**
 * A Docker Swarm manager, reached over {@code DOCKER_HOST}: discovers a stack's services and scales its
 * dependents to 0 and back. Close it when done (it holds an HTTP client).
 *
 * <p>A restore uses it in this order: {@link #stackName}, {@link #discover}, {@link Replicas#resolve},
 * {@link ScalePlan#of} (shown to the operator), write {@link ScalePlan#record()} to the journal,
 * {@link #scaleDown} in try-with-resources around the engines, then clear the journal once
 * {@link Quiesce#close()} has succeeded. After a crash, {@link #scaleBack} with the journal's record.
 */
public interface Swarm extends AutoCloseable {

  /**
   * Connects and checks that the engine is an active swarm manager.
   *
   * @param dockerHost {@code unix:///path/to/docker.sock} or {@code tcp://host:port} (TLS from {@code
   *     DOCKER_TLS_VERIFY} and {@code DOCKER_CERT_PATH})
   * @throws SwarmException when the socket is missing or unusable, the engine does not answer, or it is
   *     not a swarm manager; the message says what to change
   */
  static Swarm connect(String dockerHost) throws SwarmException {
    return new DockerSwarm(Connector.open(dockerHost));
  }

  /** The endpoint this talks to, as given. */
  String endpoint();

  /** The container we run in, if we run in one on this engine; looked up once. */
  Optional<OwnContainer> ownContainer();

  /**
   * The stack to work on: {@code explicit} (from {@code STACK_NAME}) when given, else the stack label of
   * our own container, else {@code opencrvs}.
   */
  StackName stackName(Optional<String> explicit);

  /**
   * Lists the stack's services and their tasks, and classifies them (see {@link StackServices#classify}).
   * Our own service is recognised and never counted as a dependent.
   *
   * @throws SwarmException when no service belongs to the stack (the message lists the stacks there
   *     are), when labels are invalid, or the API fails
   */
  StackServices discover(String stack) throws SwarmException;

  /**
   * Scales the plan's services to 0, each with the label {@link ServiceInfo#SCALED_DOWN_FROM} holding its
   * replicas, and waits, polling the tasks, until every task of theirs has stopped. Write the plan's
   * record to the journal before calling this.
   *
   * @return the held services; closing it scales them back
   * @throws SwarmException when the plan has problems, a service changed since the plan (nothing is
   *     scaled), an update fails or the tasks do not stop within {@link ScaleOptions#stopTimeout()}: then
   *     every service already scaled down has been scaled back before this is thrown and no data may be
   *     touched; if that scale-back failed too, the exception is a {@link ScaleBackException}: keep the
   *     journal
   */
  Quiesce scaleDown(ScalePlan plan, ScaleOptions options, SwarmProgress progress) throws SwarmException;

  /**
   * For {@code restore --resume} when it finishes the restore: takes a journal's services to 0 again
   * (those a crash left up, or someone scaled up since) and waits as {@link #scaleDown} does. Services
   * that no longer exist are left out with a warning. Failures are as for {@link #scaleDown}.
   */
  Quiesce scaleDownAgain(ScaleRecord record, ScaleOptions options, SwarmProgress progress) throws SwarmException;

  /**
   * Brings a record's services back to their replicas and waits for them: for {@code restore --resume}
   * and for {@code serve} at start-up. Safe to call more than once and on services that were never
   * scaled down (they are left as they are).
   *
   * @return every service's final state
   * @throws ScaleBackException when a service did not come back; keep the journal
   */
  List<ServiceState> scaleBack(ScaleRecord record, ScaleOptions options, SwarmProgress progress)
      throws ScaleBackException;

  /**
   * A scale-down of ours that was never undone, read from the swarm itself: the stack's services still at
   * 0 with the label {@link ServiceInfo#SCALED_DOWN_FROM}. For when the journal is lost; empty if none.
   */
  Optional<ScaleRecord> findInterrupted(String stack) throws SwarmException;

  @Override
  void close();
}
