package io.crvsbackup.swarm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * Run in a separate JVM by {@link CrashRecoveryIT}: {@code <docker host> <stack> <journal file>}. Plans,
 * writes the journal (as the restore flow does: before scaling), scales down, prints {@code SCALED} and
 * waits to be killed. It exits on its own when its stdin closes or after two minutes, without scaling back.
 */
public final class ScaleDownMain {
  private ScaleDownMain() {}

  public static void main(String[] args) throws Exception {
    Thread watchdog = new Thread(() -> {
      try {
        Thread.sleep(120_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      Runtime.getRuntime().halt(4);
    });
    watchdog.setDaemon(true);
    watchdog.start();
    Swarm swarm = Swarm.connect(args[0]);
    ScalePlan plan = ScalePlan.of(swarm.discover(args[1]), false);
    ObjectNode journal = DockerApi.JSON.createObjectNode().put("operation", "restore 2026-11-25");
    journal.set("swarm", plan.record().toJson());
    Path file = Path.of(args[2]);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ch.write(StandardCharsets.UTF_8.encode(journal.toString()));
      ch.force(true);
    }
    System.out.println("JOURNAL");
    System.out.flush();
    swarm.scaleDown(plan, ScaleOptions.defaults().withStopTimeout(Duration.ofSeconds(60)), new SwarmProgress() {
      @Override
      public void info(String message) {
        System.out.println("info " + message);
      }

      @Override
      public void warning(String message) {
        System.out.println("warning " + message);
      }
    });
    System.out.println("SCALED " + ProcessHandle.current().pid());
    System.out.flush();
    while (System.in.read() != -1) {
      // held at 0 until killed
    }
  }
}
