package dev.baton.server.scrape;

/** A body that is not valid Prometheus text exposition format; names the offending line. */
public final class PrometheusFormatException extends RuntimeException {
  private final int line;

  public PrometheusFormatException(int line, String message) {
    super("line " + line + ": " + message);
    this.line = line;
  }

  /** The 1-based line number where parsing stopped. */
  public int line() {
    return line;
  }
}
