package dev.baton.server.config;

import java.util.List;

/**
 * A configuration that cannot be used. The message names the file, line, column and key path of each
 * problem, one per line ({@code baton.yaml:14:9: pools[0].endpoints[1].role: ...}); {@link
 * #problems()} lists the same lines one by one.
 */
public final class ConfigException extends RuntimeException {
  private final List<String> problems;

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
    this.problems = List.of(message);
  }

  public ConfigException(String message) {
    this(message, (Throwable) null);
  }

  /** Every problem found, each formatted as {@code file:line:column: path: message}. */
  public ConfigException(List<String> problems) {
    super(String.join("\n", problems));
    this.problems = List.copyOf(problems);
  }

  /** Each problem on its own, in the order of the file where known. */
  public List<String> problems() {
    return problems;
  }
}
