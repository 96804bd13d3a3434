package io.crvsbackup.swarm;

/**
 * Where one service ended after a scale-back.
 *
 * @param id the service id
 * @param name the service name
 * @param replicas the replicas it should have
 * @param running the tasks seen running at the end
 * @param ok whether it reached its state (or there was nothing we could or should do)
 * @param detail one line for the operator ("2/2 running", "gone: ...", "1/3 running after 600 s: ...")
 */
public record ServiceState(String id, String name, int replicas, int running, boolean ok, String detail) {
  @Override
  public String toString() {
    return name + ": " + detail;
  }
}
