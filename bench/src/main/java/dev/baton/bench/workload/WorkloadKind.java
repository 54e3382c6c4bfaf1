package dev.baton.bench.workload;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The traffic shapes the generator can produce; the CLI name is {@link #cliName()}. */
public enum WorkloadKind {
  /** Groups of users sharing one long system context each, asking short questions. */
  SHARED_PREFIX,
  /** Conversations whose context grows turn by turn with each previous answer. */
  MULTI_TURN,
  /** Independent prompts that share nothing. */
  RANDOM,
  /** Long independent prompts with short answers: prefill-bound traffic. */
  LONG_PREFILL;

  /** The constant's name in lower case with hyphens, e.g. {@code shared-prefix}. */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Parses a CLI name such as {@code shared-prefix}; throws with the accepted names otherwise. */
  public static WorkloadKind parse(String name) {
    for (WorkloadKind kind : values()) {
      if (kind.cliName().equalsIgnoreCase(name) || kind.name().equalsIgnoreCase(name)) {
        return kind;
      }
    }
    throw new IllegalArgumentException(
        "unknown workload '" + name + "', expected one of "
            + Arrays.stream(values()).map(WorkloadKind::cliName).collect(Collectors.joining(", ")));
  }

  @Override
  public String toString() {
    return cliName();
  }
}
