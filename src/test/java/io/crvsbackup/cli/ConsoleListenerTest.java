package io.crvsbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The console's progress lines: a rate only when the item's duration is known, records only where they mean something. */
class ConsoleListenerTest {
  private final StringWriter out = new StringWriter();
  private final ConsoleListener listener = new ConsoleListener(new CliContext(Map.<String, String>of()::get,
      Clock.systemUTC(), new PrintWriter(out), new PrintWriter(new StringWriter()), false));

  @Test
  void anItemReportedOnlyWhenDoneGetsNoRate() {
    listener.progress("influxdb", "ocrvs/autogen/3", 12, 20 * 1024 * 1024, true);
    assertThat(out.toString()).contains("influxdb: ocrvs/autogen/3 12 records").contains(" done")
        .doesNotContain("/s");
  }

  @Test
  void anItemWithAStartGetsTheRateOverItsDuration() throws Exception {
    listener.progress("mongo", "hearth-dev.Patient", 0, 0, false);
    Thread.sleep(200);
    listener.progress("mongo", "hearth-dev.Patient", 1000, 10 * 1024 * 1024, true);
    String line = out.toString().lines().filter(l -> l.contains("done")).findFirst().orElseThrow();
    // 10 MiB in at least 0.2 s: at most 50 MiB/s, never the GiB/s of a division by a millisecond
    assertThat(line).contains("/s").doesNotContain("GiB/s");
    double rate = Double.parseDouble(line.replaceAll(".*, ([0-9.]+) MiB/s.*", "$1"));
    assertThat(rate).isGreaterThan(0).isLessThanOrEqualTo(50.0);
  }

  @Test
  void anOffsiteFileHasNoRecordCount() {
    listener.progress("offsite", "2026-12-08: 2026-12-08.tar.gz.enc", -1, 12 * 1024, true);
    assertThat(out.toString()).contains("offsite: 2026-12-08: 2026-12-08.tar.gz.enc 12.0 KiB done")
        .doesNotContain("records");
  }
}
