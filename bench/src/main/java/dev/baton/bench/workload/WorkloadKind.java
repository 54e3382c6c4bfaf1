package dev.baton.bench.workload;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The traffic shapes the generator can produce; the CLI name is {@link #cliName()}. */
public enum WorkloadKind {
  /** Groups of users sharing one long system context each, asking short questions. */
  SHARED_PREFIX("shared-prefix"),
  /** Conversations whose context grows turn by turn with each previous answer. */
  MULTI_TURN("multi-turn"),
  /** Independent prompts that share nothing. */
  RANDOM("random"),
  /** Long independent prompts with short answers: prefill-bound traffic. */
  LONG_PREFILL("long-prefill");

  private final String cliName;

  WorkloadKind(String cliName) {
    this.cliName = cliName;
  }

  public String cliName() {
    return cliName;
  }

  /** Parses a CLI name such as {@code shared-prefix}; throws with the accepted names otherwise. */
  public static WorkloadKind parse(String name) {
    for (WorkloadKind kind : values()) {
      if (kind.cliName.equalsIgnoreCase(name) || kind.name().equalsIgnoreCase(name)) {
        return kind;
      }
    }
    throw new IllegalArgumentException(
        "unknown workload '" + name + "', expected one of "
            + Arrays.stream(values()).map(WorkloadKind::cliName).collect(Collectors.joining(", ")));
  }

  @Override
  public String toString() {
    return cliName;
  }
}
