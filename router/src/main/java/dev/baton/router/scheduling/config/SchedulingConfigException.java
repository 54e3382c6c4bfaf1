package dev.baton.router.scheduling.config;

import java.util.List;

/** A scheduling config that cannot be used; lists every problem found, not only the first. */
public final class SchedulingConfigException extends IllegalArgumentException {
  private final List<String> problems;

  public SchedulingConfigException(List<String> problems) {
    super("invalid scheduling config: " + String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  /** One message per problem, each naming the plugin or profile and the key at fault. */
  public List<String> problems() {
    return problems;
  }
}
