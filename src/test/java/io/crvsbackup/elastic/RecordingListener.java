package io.crvsbackup.elastic;

import io.crvsbackup.job.JobListener;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every event as a line ("info: ...", "warning: ...", "progress: item count bytes done"). */
final class RecordingListener implements JobListener {
  final List<String> lines = new CopyOnWriteArrayList<>();

  @Override
  public void engineStarted(String engine, String target) {
    lines.add("started: " + target);
  }

  @Override
  public void progress(String engine, String item, long count, long bytes, boolean done) {
    lines.add("progress: " + item + " " + count + " " + bytes + (done ? " done" : ""));
  }

  @Override
  public void warning(String engine, String message) {
    lines.add("warning: " + message);
  }

  @Override
  public void info(String engine, String message) {
    lines.add("info: " + message);
  }

  @Override
  public void engineFinished(String engine, Duration took, boolean ok, String summary) {
    lines.add("finished: " + ok + " " + summary);
  }

  List<String> starting(String prefix) {
    return lines.stream().filter(l -> l.startsWith(prefix)).toList();
  }
}
