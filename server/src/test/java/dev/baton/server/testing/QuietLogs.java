package dev.baton.server.testing;

import dev.baton.server.accesslog.AccessLog;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Quiets the loggers that speak once per request or per reload, for every test class (registered
 * through JUnit's extension auto-detection), the way an operator would tune them in production: the
 * {@code baton.access} lines and the reload reports. Tests of those logs set the levels they need.
 */
public final class QuietLogs implements BeforeAllCallback {
  /** Held so JUL cannot collect the loggers and forget their levels. */
  private static final List<Logger> QUIET = List.of(
      Logger.getLogger(AccessLog.LOGGER_NAME),
      Logger.getLogger("dev.baton.server.reload"));

  @Override
  public void beforeAll(ExtensionContext context) {
    for (Logger logger : QUIET) {
      if (logger.getLevel() == null) {
        logger.setLevel(Level.OFF);
      }
    }
  }
}
