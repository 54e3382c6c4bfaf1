package dev.baton.router.scheduling.config;

import java.util.List;

/** A scheduling config that cannot be used; lists every problem found, not only the first. */
public final class SchedulingConfigException extends IllegalArgumentException {
  private final List<SchedulingProblem> located;

  /** Problems whose place in the section is not known. */
  public static SchedulingConfigException of(List<String> problems) {
    return new SchedulingConfigException(
        problems.stream().map(p -> new SchedulingProblem("", p)).toList());
  }

  public SchedulingConfigException(List<SchedulingProblem> problems) {
    super("invalid scheduling config: "
        + String.join("; ", problems.stream().map(SchedulingProblem::message).toList()));
    this.located = List.copyOf(problems);
  }

  /** One message per problem, each naming the plugin or profile and the key at fault. */
  public List<String> problems() {
    return located.stream().map(SchedulingProblem::message).toList();
  }

  /** Every problem with the entry it is about, in the order found. */
  public List<SchedulingProblem> located() {
    return located;
  }
}
