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
 * {@code baton.access.level = OFF}) without touching the request path.
 */
public final class AccessLog {

  /** The logger access lines are written to. */
  public static final String LOGGER_NAME = "baton.access";

  private static final ObjectMapper JSON =
      new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

  private final Consumer<String> sink;
  private final Logger logger;

  private AccessLog(Consumer<String> sink, Logger logger) {
    this.sink = sink;
    this.logger = logger;
  }

  /** Lines go to the {@code baton.access} {@link System.Logger} at INFO. */
  public static AccessLog toLogger() {
    Logger logger = System.getLogger(LOGGER_NAME);
    return new AccessLog(line -> logger.log(Level.INFO, line), logger);
  }

  /** Lines go to {@code sink} (tests, or a custom writer). */
  public static AccessLog to(Consumer<String> sink) {
    return new AccessLog(Objects.requireNonNull(sink), null);
  }

  /** Writes nothing. */
  public static AccessLog disabled() {
    return new AccessLog(null, null);
  }

  /** Writes the entry, unless the logger is off (then it is not even serialised). */
  public void write(AccessLogEntry entry) {
    if (sink == null || (logger != null && !logger.isLoggable(Level.INFO))) {
      return;
    }
    sink.accept(toJson(entry));
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
