package dev.baton.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.server.accesslog.AccessLog;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The access-log lines Baton writes while open, parsed; the {@code baton.access} logger is turned
 * on for the time (tests keep it quiet otherwise) and restored on close. Lines are written by a
 * background thread: wait for them with {@link #awaitAtLeast}.
 */
public final class AccessLines implements AutoCloseable {
  private final Logger logger = Logger.getLogger(AccessLog.LOGGER_NAME);
  private final Level before = logger.getLevel();
  private final boolean parents = logger.getUseParentHandlers();
  private final List<JsonNode> lines = new CopyOnWriteArrayList<>();
  private final Handler handler = new Handler() {
    @Override
    public void publish(LogRecord record) {
      lines.add(Http.json(record.getMessage()));
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  public AccessLines() {
    logger.setUseParentHandlers(false);
    logger.addHandler(handler);
    logger.setLevel(Level.INFO);
  }

  /** Waits (bounded) until {@code count} lines arrived; returns them all. */
  public List<JsonNode> awaitAtLeast(int count) {
    Await.until(count + " access-log lines (have " + lines.size() + ")", () -> lines.size() >= count);
    return List.copyOf(lines);
  }

  /** The line of {@code requestId}, waiting for it (bounded). */
  public JsonNode of(String requestId) {
    Await.until("the access-log line of " + requestId, () -> lines.stream()
        .anyMatch(l -> requestId.equals(l.path("request_id").asText())));
    return lines.stream().filter(l -> requestId.equals(l.path("request_id").asText()))
        .findFirst().orElseThrow();
  }

  @Override
  public void close() {
    logger.removeHandler(handler);
    logger.setLevel(before);
    logger.setUseParentHandlers(parents);
  }
}
