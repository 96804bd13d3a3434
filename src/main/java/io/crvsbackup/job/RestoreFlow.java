package io.crvsbackup.job;

import io.crvsbackup.config.Settings;
import io.crvsbackup.store.BackupStore;
import io.crvsbackup.store.BadInputException;
import io.crvsbackup.store.StoreException;
import io.crvsbackup.store.StoreLock;
import io.crvsbackup.swarm.Quiesce;
import io.crvsbackup.swarm.ScaleRecord;
import io.crvsbackup.swarm.SwarmException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The whole restore an operator runs: under the store lock, resolve and verify the set, discover the
 * stack, show the plan, confirm, write the journal, scale the dependents to 0, restore each engine, and
 * in every case scale the services back and clear the journal once they are back. {@link #resume}
 * finishes what a crashed restore left.
 */
public final class RestoreFlow {
  private final BackupStore store;
  private final Settings settings;
  private final EngineSource engines;
  private final JobListener listener;

  /** Builds the engines once the endpoints are known. */
  @FunctionalInterface
  public interface EngineSource {
    List<Engine> create(Endpoints endpoints);
  }

  /** The operator: sees the plan, and confirms it or not. */
  public interface Operator {
    void show(RestorePlan plan, List<String> stack);

    boolean confirm(RestorePlan plan);
  }

  /** What the operator asked for. */
  public record Request(
      String when,
      OptionalInt replicas,
      List<String> engines,
      Map<String, String> renames,
      boolean force,
      boolean noScale,
      boolean dryRun) {}

  /** How it ended: the plan, each engine's result, and each service's final state. */
  public record Outcome(RestorePlan plan, Optional<RestoreJob.Outcome> engines, List<String> services) {
    public boolean ok() {
      return engines.map(RestoreJob.Outcome::ok).orElse(true);
    }
  }

  public RestoreFlow(BackupStore store, Settings settings, EngineSource engines, JobListener listener) {
    this.store = store;
    this.settings = settings;
    this.engines = engines;
    this.listener = listener;
  }

  /**
   * Runs a restore.
   *
   * @throws BadInputException a bad day, label or replicas; or a journal left by a crashed restore
   * @throws RestoreRefusedException the set is incomplete or fails verification; nothing was touched
   * @throws OrchestrationException the stack could not be discovered or scaled down; no data was touched
   * @throws ServicesNotBackException services did not come back; the journal is kept
   * @throws NotConfirmedException the operator did not confirm; nothing was touched
   */
  public Outcome run(Request request, Operator operator) throws StoreException, RestoreRefusedException,
      OrchestrationException, ServicesNotBackException, NotConfirmedException {
    try (StoreLock lock = store.lock("restore " + request.when(), w -> listener.warning("store", w))) {
      Optional<RestoreJournal> left = RestoreJournal.read(store.layout());
      if (left.isPresent()) {
        throw new BadInputException("a restore of " + left.get().label() + " started at " + left.get().started()
            + " did not finish (phase " + left.get().phase() + "); run 'restore --resume' to finish it and bring"
            + " the services back, before starting another");
      }
      RestorePlan verified = new RestoreJob(store, engines.create(Endpoints.none(request.replicas().orElse(1))),
          listener).prepare(request.when(), request.engines(), request.renames());
      if (request.noScale()) {
        listener.warning("swarm", "--no-scale: no service is scaled down; stop everything that writes to the"
            + " databases yourself before confirming");
        return restore(request, verified, operator, Optional.empty(), Endpoints.none(request.replicas().orElse(1)));
      }
      try (StackControl control = StackControl.connect(settings, listener)) {
        StackControl.View view = control.discover(request.replicas(), request.force());
        view.warnings().forEach(w -> listener.warning("swarm", w));
        return restore(request, verified, operator, Optional.of(new Held(control, view)), view.endpoints());
      }
    } catch (IOException e) {
      throw new StoreException("cannot release the store lock: " + e.getMessage(), e);
    }
  }

  private record Held(StackControl control, StackControl.View view) {}

  private Outcome restore(
      Request request, RestorePlan verified, Operator operator, Optional<Held> stack, Endpoints endpoints)
      throws StoreException, OrchestrationException, ServicesNotBackException, NotConfirmedException {
    List<Engine> bound = engines.create(endpoints);
    RestoreJob job = new RestoreJob(store, bound, listener);
    RestorePlan plan = verified.withEngines(bound);
    List<String> lines = stack.map(h -> h.view().lines())
        .orElse(List.of("Services: none scaled down (--no-scale)"));
    operator.show(plan, lines);
    if (request.dryRun()) {
      return new Outcome(plan, Optional.empty(), List.of());
    }
    if (stack.isPresent()) {
      stack.get().control().check(stack.get().view());
    }
    if (!operator.confirm(plan)) {
      throw new NotConfirmedException("not confirmed; nothing was changed");
    }
    RestoreJournal journal = new RestoreJournal(
        plan.set().label().value(), plan.engines().stream().map(Engine::name).toList(), plan.renames(),
        endpoints.mongoReplicas(), store.clock().instant(), ProcessHandle.current().pid(), "scaling-down",
        stack.map(h -> h.view().plan().record().toJson()));
    journal.write(store.layout());
    if (stack.isEmpty()) {
      RestoreJob.Outcome out = restoreWithJournal(job, plan, journal);
      RestoreJournal.clear(store.layout());
      return new Outcome(plan, Optional.of(out), List.of());
    }
    Quiesce q;
    try {
      q = stack.get().control().scaleDown(stack.get().view());
    } catch (OrchestrationException e) {
      RestoreJournal.clear(store.layout());
      throw e;
    }
    return restoreHeld(job, plan, journal, q);
  }

  /** Restores while the services are held down, and in every case brings them back. */
  private Outcome restoreHeld(RestoreJob job, RestorePlan plan, RestoreJournal journal, Quiesce q)
      throws StoreException, ServicesNotBackException {
    Thread hook = new Thread(() -> {
      try {
        q.close();
      } catch (Exception e) {
        // the journal stays; restore --resume or serve brings the services back
      }
    }, "crvs-backup-scale-back");
    Runtime.getRuntime().addShutdownHook(hook);
    RestoreJob.Outcome out = null;
    RuntimeException failure = null;
    try {
      out = restoreWithJournal(job, plan, journal);
    } catch (RuntimeException e) {
      failure = e;
    } finally {
      journal.withPhase("scaling-back").write(store.layout());
    }
    List<String> states = StackControl.release(q);
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // shutting down already: the hook's close is a no-op now
    }
    RestoreJournal.clear(store.layout());
    if (failure != null) {
      throw failure;
    }
    return new Outcome(plan, Optional.of(out), states);
  }

  private RestoreJob.Outcome restoreWithJournal(RestoreJob job, RestorePlan plan, RestoreJournal journal)
      throws StoreException {
    journal.withPhase("restoring").write(store.layout());
    return job.restoreEngines(plan);
  }

  /**
   * Finishes a restore that crashed: verifies its set again and, if it is good, takes the journal's
   * services down again, restores, and brings them back; if the set no longer verifies, only brings the
   * services back. Says which through the listener and the outcome.
   *
   * @return empty when there was nothing to resume
   */
  public Optional<Outcome> resume(Operator operator) throws StoreException, RestoreRefusedException,
      OrchestrationException, ServicesNotBackException {
    try (StoreLock lock = store.lock("restore --resume", w -> listener.warning("store", w))) {
      Optional<RestoreJournal> found = RestoreJournal.read(store.layout());
      if (found.isEmpty()) {
        return Optional.empty();
      }
      RestoreJournal journal = found.get();
      listener.info("restore", "resuming the restore of " + journal.label() + " started at " + journal.started()
          + " (phase " + journal.phase() + ")");
      Optional<ScaleRecord> record = Optional.empty();
      if (journal.swarm().isPresent()) {
        try {
          record = Optional.of(ScaleRecord.fromJson(journal.swarm().get()));
        } catch (SwarmException e) {
          throw new OrchestrationException("the journal's service list cannot be read: " + e.getMessage(), e);
        }
      }
      if (record.isEmpty() || record.get().isEmpty()) {
        return Optional.of(resumeWithout(journal, operator));
      }
      try (StackControl control = StackControl.connect(settings, listener)) {
        Endpoints endpoints;
        try {
          endpoints = control.discover(OptionalInt.of(journal.replicas()), true).endpoints();
        } catch (BadInputException | OrchestrationException e) {
          listener.warning("restore", "cannot discover the stack (" + e.getMessage() + "); bringing the services back");
          control.scaleBack(record.get()).forEach(s -> listener.info("swarm", s));
          RestoreJournal.clear(store.layout());
          throw new OrchestrationException("the services were brought back, but the data was NOT restored: "
              + e.getMessage(), e);
        }
        RestoreJob job = new RestoreJob(store, engines.create(endpoints), listener);
        RestorePlan plan;
        try {
          plan = job.prepare(journal.label(), journal.engines(), journal.renames());
        } catch (RestoreRefusedException | StoreException e) {
          List<String> states = control.scaleBack(record.get());
          states.forEach(s -> listener.info("swarm", s));
          RestoreJournal.clear(store.layout());
          throw new RestoreRefusedException("set " + journal.label() + " can no longer be restored (" + e.getMessage()
              + "); the services were brought back and the data was NOT restored",
              e instanceof RestoreRefusedException r ? r.problems() : List.of());
        }
        operator.show(plan, List.of("Services: the journal's " + record.get().services().size()
            + " service(s) are held at 0 again, then brought back"));
        Quiesce q = control.scaleDownAgain(record.get());
        return Optional.of(restoreHeld(job, plan, journal, q));
      }
    } catch (IOException e) {
      throw new StoreException("cannot release the store lock: " + e.getMessage(), e);
    }
  }

  private Outcome resumeWithout(RestoreJournal journal, Operator operator)
      throws StoreException, RestoreRefusedException {
    RestoreJob job = new RestoreJob(store, engines.create(Endpoints.none(journal.replicas())), listener);
    RestorePlan plan = job.prepare(journal.label(), journal.engines(), journal.renames());
    operator.show(plan, List.of("Services: none were scaled down (--no-scale)"));
    RestoreJob.Outcome out = restoreWithJournal(job, plan, journal);
    RestoreJournal.clear(store.layout());
    return new Outcome(plan, Optional.of(out), new ArrayList<>());
  }
}
