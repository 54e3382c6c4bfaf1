package dev.baton.server.hardening;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The records some JUL loggers publish while open, formatted. Name the loggers themselves (the
 * classes' names), not a parent package: a logger made before its parent node exists may not be
 * linked to it in time.
 */
final class LogCapture implements AutoCloseable {
  private final List<Logger> loggers;
  private final List<Level> before;
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final Handler handler = new Handler() {
    @Override
    public void publish(LogRecord record) {
      lines.add(record.getLevel() + " " + new java.util.logging.SimpleFormatter().formatMessage(record));
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  LogCapture(String... names) {
    loggers = java.util.Arrays.stream(names).map(Logger::getLogger).toList();
    before = loggers.stream().map(Logger::getLevel).toList();
    for (Logger logger : loggers) {
      logger.setLevel(Level.ALL);
      logger.addHandler(handler);
    }
  }

  List<String> lines() {
    return List.copyOf(lines);
  }

  @Override
  public void close() {
    for (int i = 0; i < loggers.size(); i++) {
      loggers.get(i).removeHandler(handler);
      loggers.get(i).setLevel(before.get(i));
    }
  }
}
