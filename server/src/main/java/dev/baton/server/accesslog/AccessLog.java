package dev.baton.server.accesslog;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes one JSON line per request. The {@code baton.access} logger is the switch: at INFO (the
 * default) lines are written, and operators silence them with their logging configuration (for JUL:
 * {@code baton.access.level = OFF}) without touching the request path. Lines go to standard output,
 * one JSON object per line and nothing else, written in batches; when the logging configuration
 * gives {@code baton.access} handlers of its own (a file, a socket), they get the lines instead, as
 * INFO records whose message is the JSON.
 *
 * <p>The event loop only queues the entry (strings and numbers captured when the request ended);
 * one background thread ({@link BackgroundWriter}) formats and writes. Issue 18 measured the old
 * way (Jackson, then a {@code java.util.logging} record flushed per line) at about a third of the
 * proxy's throughput on two cores.
 */
public final class AccessLog implements AutoCloseable {

  /** The logger that switches access lines on and off, and may route them elsewhere. */
  public static final String LOGGER_NAME = "baton.access";

  /**
   * Entries that may wait for the writer: at ~1 KB each about 64 MB at worst, and several seconds of
   * peak traffic, so only a stalled disk fills it.
   */
  private static final int QUEUE_CAPACITY = 65_536;

  /** How often the writer looks for lines: the longest a line waits before it is written. */
  private static final long WRITE_INTERVAL_MILLIS = 20;

  private final Consumer<AccessLogEntry> sink;
  private final Logger logger;
  private final BackgroundWriter<AccessLogEntry> writer;
  private final LineAppender<AccessLogEntry> stream;

  private AccessLog(Consumer<AccessLogEntry> sink, Logger logger,
      BackgroundWriter<AccessLogEntry> writer, LineAppender<AccessLogEntry> stream) {
    this.sink = sink;
    this.logger = logger;
    this.writer = writer;
    this.stream = stream;
  }

  /**
   * Lines go to standard output (or to the {@code baton.access} logger's own handlers, when it has
   * some), written by a background thread; {@link #close()} writes what is queued.
   */
  public static AccessLog toLogger() {
    return toLogger(new FileOutputStream(FileDescriptor.out));
  }

  /** As {@link #toLogger()}, with lines going to {@code out} unless the logger has handlers. */
  static AccessLog toLogger(OutputStream out) {
    Logger logger = Logger.getLogger(LOGGER_NAME);
    LineAppender<AccessLogEntry> stream =
        LineAppender.toStream(out, new AccessLineFormat()::append);
    BackgroundWriter<AccessLogEntry> writer = new BackgroundWriter<>(
        "baton-access-log", QUEUE_CAPACITY, WRITE_INTERVAL_MILLIS, new Routing(logger, stream));
    return new AccessLog(writer::offer, logger, writer, stream);
  }

  /** Lines go to {@code sink}, on the calling thread (tests, or a custom writer). */
  public static AccessLog to(Consumer<String> sink) {
    Objects.requireNonNull(sink);
    return new AccessLog(entry -> sink.accept(toJson(entry)), null, null, null);
  }

  /** Writes nothing. */
  public static AccessLog disabled() {
    return new AccessLog(null, null, null, null);
  }

  /**
   * Whether an entry written now would be kept: callers skip building one when not (the logger is
   * off, or the log disabled).
   */
  public boolean enabled() {
    return sink != null && (logger == null || logger.isLoggable(Level.INFO));
  }

  /** Writes the entry, unless the logger is off (then it is not even queued). */
  public void write(AccessLogEntry entry) {
    if (enabled()) {
      sink.accept(entry);
    }
  }

  /**
   * Lines lost because the writer could not keep up or the output failed
   * ({@code baton_access_log_dropped_total}).
   */
  public long dropped() {
    return writer == null ? 0 : writer.dropped() + stream.lost();
  }

  /** Writes what is queued (waiting at most two seconds) and stops the writer thread. */
  @Override
  public void close() {
    if (writer != null) {
      writer.close();
    }
  }

  /** The entry as one line of JSON (without the line break). */
  public static String toJson(AccessLogEntry entry) {
    JsonLineBuffer line = new JsonLineBuffer(512);
    new AccessLineFormat().append(entry, line);
    return line.toString();
  }

  /**
   * The writer thread's sink: the logger's own handlers when the logging configuration (or a test)
   * gave it some, else the stream. Asked per line, so handlers added while Baton runs take effect.
   */
  private static final class Routing implements BackgroundWriter.Sink<AccessLogEntry> {
    private final Logger logger;
    private final LineAppender<AccessLogEntry> stream;
    private final AccessLineFormat format = new AccessLineFormat();
    private final JsonLineBuffer line = new JsonLineBuffer(1024);

    Routing(Logger logger, LineAppender<AccessLogEntry> stream) {
      this.logger = logger;
      this.stream = stream;
    }

    @Override
    public void write(AccessLogEntry entry) {
      if (logger.getHandlers().length == 0) {
        stream.write(entry);
        return;
      }
      line.clear();
      format.append(entry, line);
      logger.log(Level.INFO, line.toString());
    }

    @Override
    public void flush() {
      stream.flush();
    }
  }
}
