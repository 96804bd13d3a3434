package io.crvsbackup.daemon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.time.Clock;

/**
 * {@code serve}'s log: one line per event, readable text by default or one JSON object per line for log
 * shippers. Every failure line carries the same stable marker at its very start, so that a scraper can
 * alert on it: text lines begin with {@code ERROR }, JSON lines with {@code {"level":"ERROR"}.
 *
 * <pre>
 * INFO  2026-11-26T00:00:00Z scheduler: next backup at 2026-11-27T00:00+01:00[Africa/Kigali]
 * ERROR 2026-11-26T00:03:10Z backup: set 2026-11-26 is INCOMPLETE: elasticsearch failed: ...
 * {"level":"ERROR","time":"2026-11-26T00:03:10Z","component":"backup","message":"set ..."}
 * </pre>
 */
final class Log {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final PrintWriter out;
  private final Clock clock;
  private final boolean json;

  Log(PrintWriter out, Clock clock, boolean json) {
    this.out = out;
    this.clock = clock;
    this.json = json;
  }

  void info(String component, String message) {
    line("INFO", component, message);
  }

  void warn(String component, String message) {
    line("WARN", component, message);
  }

  void error(String component, String message) {
    line("ERROR", component, message);
  }

  private synchronized void line(String level, String component, String message) {
    String text;
    if (json) {
      ObjectNode n = JSON.createObjectNode();
      n.put("level", level);
      n.put("time", clock.instant().toString());
      n.put("component", component);
      n.put("message", message);
      try {
        text = JSON.writeValueAsString(n);
      } catch (JsonProcessingException e) {
        text = "{\"level\":\"ERROR\",\"message\":\"cannot write a log line as JSON\"}";
      }
    } else {
      text = String.format("%-5s %s %s: %s", level, clock.instant(), component, message.replace('\n', ' '));
    }
    out.println(text);
    out.flush();
  }
}
