package dev.baton.bench.profile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * The execution samples of a JFR recording as collapsed stacks: each distinct stack, outermost
 * frame first, as {@code package.Class.method} names joined by {@code ;}, with how many samples ended in it
 * (the format flame graph tools read). Only {@code jdk.ExecutionSample} is read: Java code that was
 * running, which is where a proxy's CPU goes.
 */
public final class CollapsedStacks {
  /** The JFR event of a sampled running Java thread. */
  public static final String EXECUTION_SAMPLE = "jdk.ExecutionSample";

  private final Map<String, Long> counts;

  private CollapsedStacks(Map<String, Long> counts) {
    this.counts = counts;
  }

  /** Reads every execution sample of {@code recording}; {@code threadPrefix} keeps only those threads (null: all). */
  public static CollapsedStacks read(Path recording, String threadPrefix) throws IOException {
    Map<String, Long> counts = new TreeMap<>();
    try (RecordingFile file = new RecordingFile(recording)) {
      while (file.hasMoreEvents()) {
        RecordedEvent event = file.readEvent();
        if (!EXECUTION_SAMPLE.equals(event.getEventType().getName()) || event.getStackTrace() == null) {
          continue;
        }
        if (threadPrefix != null) {
          var thread = event.getThread("sampledThread");
          if (thread == null || thread.getJavaName() == null
              || !thread.getJavaName().startsWith(threadPrefix)) {
            continue;
          }
        }
        counts.merge(stack(event.getStackTrace()), 1L, Long::sum);
      }
    }
    return new CollapsedStacks(counts);
  }

  /** Stacks given as collapsed lines already (for tests and for files made by other tools). */
  public static CollapsedStacks of(Map<String, Long> counts) {
    return new CollapsedStacks(new TreeMap<>(counts));
  }

  /** Each stack, outermost frame first, with its samples. */
  public Map<String, Long> counts() {
    return Collections.unmodifiableMap(counts);
  }

  public long total() {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }

  /** One line per stack: {@code frame;frame;frame count}. */
  public List<String> lines() {
    List<String> lines = new ArrayList<>(counts.size());
    counts.forEach((stack, n) -> lines.add(stack + " " + n));
    return lines;
  }

  private static String stack(RecordedStackTrace trace) {
    List<RecordedFrame> frames = trace.getFrames();
    StringBuilder out = new StringBuilder();
    for (int i = frames.size() - 1; i >= 0; i--) {
      RecordedFrame frame = frames.get(i);
      if (out.length() > 0) {
        out.append(';');
      }
      out.append(frame.getMethod().getType().getName()).append('.')
          .append(frame.getMethod().getName());
    }
    return out.toString();
  }
}
