package dev.baton.server.testing;

import dev.baton.server.accesslog.AccessLog;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Turns the {@code baton.access} logger off for every test class (registered through JUnit's
 * extension auto-detection), the way an operator would in production: tests that start Baton would
 * otherwise print one JSON line per request. Tests of the access log itself set the level they need.
 */
public final class QuietAccessLog implements BeforeAllCallback {
  /** Held so JUL cannot collect the logger and forget its level. */
  private static final Logger ACCESS = Logger.getLogger(AccessLog.LOGGER_NAME);

  @Override
  public void beforeAll(ExtensionContext context) {
    if (ACCESS.getLevel() == null) {
      ACCESS.setLevel(Level.OFF);
    }
  }
}
