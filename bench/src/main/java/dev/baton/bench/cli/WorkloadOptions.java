package dev.baton.bench.cli;

import dev.baton.bench.workload.WorkloadKind;
import dev.baton.bench.workload.WorkloadSpec;
import picocli.CommandLine.Option;

/**
 * The {@code bench} options that shape the prompts: which workload, and the sizes that override its
 * defaults (bench/README.md lists them per workload).
 */
final class WorkloadOptions {

  @Option(names = "--workload", paramLabel = "NAME", defaultValue = "shared-prefix",
      description = "shared-prefix, multi-turn, random or long-prefill"
          + " (default: ${DEFAULT-VALUE}).")
  String workload;

  @Option(names = "--system-tokens", paramLabel = "N",
      description = "Words of shared/opening context (see README for defaults).")
  Integer systemTokens;

  @Option(names = "--question-tokens", paramLabel = "N",
      description = "Words per question or random prompt.")
  Integer questionTokens;

  @Option(names = "--output-tokens", paramLabel = "N", description = "max_tokens per request.")
  Integer outputTokens;

  @Option(names = "--groups", paramLabel = "N", description = "shared-prefix: number of groups.")
  Integer groups;

  @Option(names = "--users-per-group", paramLabel = "N",
      description = "shared-prefix: users per group.")
  Integer usersPerGroup;

  @Option(names = "--turns", paramLabel = "N",
      description = "multi-turn: user turns per conversation.")
  Integer turns;

  /** The workload's defaults with every size given on the command line applied. */
  WorkloadSpec spec() {
    WorkloadSpec spec = WorkloadSpec.defaults(WorkloadKind.parse(workload));
    spec = systemTokens == null ? spec : spec.withSystemTokens(systemTokens);
    spec = questionTokens == null ? spec : spec.withQuestionTokens(questionTokens);
    spec = outputTokens == null ? spec : spec.withOutputTokens(outputTokens);
    spec = groups == null ? spec : spec.withGroups(groups);
    spec = usersPerGroup == null ? spec : spec.withUsersPerGroup(usersPerGroup);
    return turns == null ? spec : spec.withTurns(turns);
  }
}
