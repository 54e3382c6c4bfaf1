package dev.baton.server.accesslog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Writes one JSON line per request. In production the lines go to the {@code baton.access} logger at
 * INFO, so operators route or silence them with their logging configuration (for JUL:
 * {@code baton.access.level = OFF}) without touching the request path. The line is formatted and
 * written by one background thread ({@link BackgroundWriter}): a synchronous write per request on
 * the event loop cost about 15% of the proxy's throughput (issue 18's measurement).
 */
public final class AccessLog implements AutoCloseable {

  /** The logger access lines are written to. */
  public static final String LOGGER_NAME = "baton.access";

  private static final ObjectMapper JSON =
      new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

  /**
   * Entries that may wait for the writer: at ~1 KB each about 64 MB at worst, and several seconds of
   * peak traffic, so only a stalled disk fills it.
   */
  private static final int QUEUE_CAPACITY = 65_536;

  private final Consumer<AccessLogEntry> sink;
  private final Logger logger;
  private final BackgroundWriter<AccessLogEntry> writer;

  private AccessLog(Consumer<AccessLogEntry> sink, Logger logger, BackgroundWriter<AccessLogEntry> writer) {
    this.sink = sink;
    this.logger = logger;
    this.writer = writer;
  }

  /**
   * Lines go to the {@code baton.access} {@link System.Logger} at INFO, formatted and written by a
   * background thread; {@link #close()} writes what is queued.
   */
  public static AccessLog toLogger() {
    Logger logger = System.getLogger(LOGGER_NAME);
    BackgroundWriter<AccessLogEntry> writer = new BackgroundWriter<>(
        "baton-access-log", QUEUE_CAPACITY, entry -> logger.log(Level.INFO, toJson(entry)));
    return new AccessLog(writer::offer, logger, writer);
  }

  /** Lines go to {@code sink}, on the calling thread (tests, or a custom writer). */
  public static AccessLog to(Consumer<String> sink) {
    Objects.requireNonNull(sink);
    return new AccessLog(entry -> sink.accept(toJson(entry)), null, null);
  }

  /** Writes nothing. */
  public static AccessLog disabled() {
    return new AccessLog(null, null, null);
  }

  /** Writes the entry, unless the logger is off (then it is not even queued). */
  public void write(AccessLogEntry entry) {
    if (sink == null || (logger != null && !logger.isLoggable(Level.INFO))) {
      return;
    }
    sink.accept(entry);
  }

  /** Lines lost because the writer could not keep up ({@code baton_access_log_dropped_total}). */
  public long dropped() {
    return writer == null ? 0 : writer.dropped();
  }

  /** Writes what is queued (waiting at most two seconds) and stops the writer thread. */
  @Override
  public void close() {
    if (writer != null) {
      writer.close();
    }
  }

  /** The entry as one line of JSON. */
  public static String toJson(AccessLogEntry entry) {
    try {
      return JSON.writeValueAsString(entry);
    } catch (JsonProcessingException e) {
      // Strings and numbers only: this cannot happen short of a Jackson bug.
      throw new IllegalStateException(e);
    }
  }
}
