package io.crvsbackup.job;

import io.crvsbackup.config.Settings;
import io.crvsbackup.store.BadInputException;
import java.util.OptionalInt;

/**
 * Where the databases are for a backup: discovered from the swarm when the Docker API is there, else
 * nothing (explicit configuration and the engines' defaults apply). A backup never fails because the
 * swarm cannot be reached; it says so and goes on.
 */
public final class Discovery {
  private Discovery() {}

  public static Endpoints endpoints(Settings settings, JobListener listener) {
    try (StackControl control = StackControl.connect(settings, JobListener.NONE)) {
      StackControl.View view = control.discover(OptionalInt.empty(), true);
      listener.info("swarm", "discovered stack " + view.stack().stack() + ": " + view.endpoints());
      return view.endpoints();
    } catch (OrchestrationException | BadInputException e) {
      listener.info("swarm", "no swarm discovery (" + e.getMessage() + "); using the configured addresses");
      return Endpoints.none(1);
    }
  }
}
