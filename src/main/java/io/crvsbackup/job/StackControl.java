package io.crvsbackup.job;

import io.crvsbackup.config.Settings;
import io.crvsbackup.store.BadInputException;
import io.crvsbackup.swarm.DatabaseService;
import io.crvsbackup.swarm.Quiesce;
import io.crvsbackup.swarm.Replicas;
import io.crvsbackup.swarm.ReplicasException;
import io.crvsbackup.swarm.ScaleOptions;
import io.crvsbackup.swarm.ScalePlan;
import io.crvsbackup.swarm.ScaleRecord;
import io.crvsbackup.swarm.ServiceState;
import io.crvsbackup.swarm.StackName;
import io.crvsbackup.swarm.StackServices;
import io.crvsbackup.swarm.Swarm;
import io.crvsbackup.swarm.SwarmException;
import io.crvsbackup.swarm.SwarmProgress;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The swarm as the flows use it: discovery of the stack's databases, and the scale-down and back of its
 * dependent services around a restore. Turns the swarm's failures into the flows' own exceptions.
 */
public final class StackControl implements AutoCloseable {
  private final Swarm swarm;
  private final Settings settings;
  private final SwarmProgress progress;

  private StackControl(Swarm swarm, Settings settings, SwarmProgress progress) {
    this.swarm = swarm;
    this.settings = settings;
    this.progress = progress;
  }

  /**
   * Connects to the Docker API of {@code DOCKER_HOST}.
   *
   * @throws OrchestrationException when there is no usable socket or the node is not a swarm manager
   */
  public static StackControl connect(Settings settings, JobListener listener) throws OrchestrationException {
    SwarmProgress progress = new SwarmProgress() {
      @Override
      public void info(String message) {
        listener.info("swarm", message);
      }

      @Override
      public void warning(String message) {
        listener.warning("swarm", message);
      }
    };
    try {
      return new StackControl(Swarm.connect(settings.stack().dockerHost()), settings, progress);
    } catch (SwarmException e) {
      throw new OrchestrationException(e.getMessage(), e);
    }
  }

  /** The stack as discovered, with what a restore would do to it. */
  public record View(StackServices stack, ScalePlan plan, Endpoints endpoints, List<String> warnings) {
    public List<String> lines() {
      return plan.lines();
    }
  }

  /**
   * Discovers the stack and plans the scale-down.
   *
   * @param requestedReplicas the operator's {@code <replicas>}, checked against the discovered members
   * @throws BadInputException for a wrong {@code <replicas>}
   * @throws OrchestrationException when the stack does not exist or the API fails
   */
  public View discover(OptionalInt requestedReplicas, boolean force)
      throws BadInputException, OrchestrationException {
    try {
      StackName name = swarm.stackName(settings.stack().explicitName());
      name.warning().ifPresent(progress::warning);
      StackServices stack = swarm.discover(name.name());
      Replicas.Choice choice = Replicas.resolve(requestedReplicas, stack.mongoMembers(), name.name(), force);
      Endpoints endpoints = new Endpoints(
          choice.members(),
          stack.mongo().isEmpty() ? Optional.empty() : Optional.of(stack.mongoSeedList()),
          stack.elasticsearch().map(d -> d.address().toString()),
          stack.influxdb().map(d -> d.address().toString()),
          stack.influxdb().flatMap(DatabaseService::rpcAddress).map(Object::toString));
      List<String> warnings = new java.util.ArrayList<>(stack.warnings());
      warnings.addAll(choice.warnings());
      return new View(stack, ScalePlan.of(stack, force), endpoints, warnings);
    } catch (ReplicasException e) {
      throw new BadInputException(e.getMessage());
    } catch (SwarmException e) {
      throw new OrchestrationException(e.getMessage(), e);
    }
  }

  /** Refuses a plan with problems (a global service without {@code --force}). */
  public void check(View view) throws OrchestrationException {
    try {
      view.plan().check();
    } catch (SwarmException e) {
      throw new OrchestrationException(e.getMessage(), e);
    }
  }

  private ScaleOptions options() {
    return ScaleOptions.defaults()
        .withStopTimeout(settings.stack().stopTimeout())
        .withStartTimeout(settings.stack().startTimeout());
  }

  /**
   * Scales the dependents to 0 and waits until their tasks are gone.
   *
   * @throws OrchestrationException when they did not stop in time; they have been scaled back and no data
   *     may be touched
   * @throws ServicesNotBackException when scaling back after such a failure failed too
   */
  public Quiesce scaleDown(View view) throws OrchestrationException, ServicesNotBackException {
    try {
      return swarm.scaleDown(view.plan(), options(), progress);
    } catch (io.crvsbackup.swarm.ScaleBackException e) {
      throw new ServicesNotBackException(e.getMessage(), lines(e.states()), e);
    } catch (SwarmException e) {
      throw new OrchestrationException(e.getMessage(), e);
    }
  }

  /** For a resume that finishes the restore: scales a journal's services to 0 again. */
  public Quiesce scaleDownAgain(ScaleRecord record) throws OrchestrationException, ServicesNotBackException {
    try {
      return swarm.scaleDownAgain(record, options(), progress);
    } catch (io.crvsbackup.swarm.ScaleBackException e) {
      throw new ServicesNotBackException(e.getMessage(), lines(e.states()), e);
    } catch (SwarmException e) {
      throw new OrchestrationException(e.getMessage(), e);
    }
  }

  /** Brings a journal's services back and waits for them. */
  public List<String> scaleBack(ScaleRecord record) throws ServicesNotBackException {
    try {
      return lines(swarm.scaleBack(record, options(), progress));
    } catch (io.crvsbackup.swarm.ScaleBackException e) {
      throw new ServicesNotBackException(e.getMessage(), lines(e.states()), e);
    }
  }

  /** Closes a scale-down, turning a failure to come back into {@link ServicesNotBackException}. */
  public static List<String> release(Quiesce q) throws ServicesNotBackException {
    try {
      q.close();
      return lines(q.states());
    } catch (io.crvsbackup.swarm.ScaleBackException e) {
      throw new ServicesNotBackException(e.getMessage(), lines(e.states()), e);
    }
  }

  static List<String> lines(List<ServiceState> states) {
    return states.stream().map(ServiceState::toString).toList();
  }

  @Override
  public void close() {
    try {
      swarm.close();
    } catch (Exception e) {
      // closing an HTTP client; nothing the operator can act on
    }
  }
}
