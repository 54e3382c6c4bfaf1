package dev.baton.bench.workload;

import java.util.Objects;

/**
 * The shape of the traffic: which workload and its sizes. Lengths are in words of plain English,
 * which common tokenizers turn into roughly one token each, so {@code systemTokens} is a close
 * estimate of the tokens a server will count.
 *
 * @param kind which workload
 * @param systemTokens words in the shared system context (shared-prefix), the per-conversation
 *     opening context (multi-turn), or the leading part of each prompt (random, long-prefill)
 * @param questionTokens words in each user question (or the rest of a random prompt)
 * @param outputTokens tokens asked for per request ({@code max_tokens})
 * @param groups shared-prefix: how many groups, each with its own system context
 * @param usersPerGroup shared-prefix: how many users send questions in each group
 * @param turns multi-turn: user turns per conversation
 */
public record WorkloadSpec(
    WorkloadKind kind,
    int systemTokens,
    int questionTokens,
    int outputTokens,
    int groups,
    int usersPerGroup,
    int turns) {

  public WorkloadSpec {
    Objects.requireNonNull(kind, "kind");
    requireAtLeast("system-tokens", systemTokens, 0);
    requireAtLeast("question-tokens", questionTokens, 1);
    requireAtLeast("output-tokens", outputTokens, 1);
    requireAtLeast("groups", groups, 1);
    requireAtLeast("users-per-group", usersPerGroup, 1);
    requireAtLeast("turns", turns, 1);
  }

  /**
   * Defaults scaled to a small machine: large enough that prefix sharing dominates prefill cost in
   * the simulator, small enough that generating and sending prompts stays cheap.
   */
  public static WorkloadSpec defaults(WorkloadKind kind) {
    return switch (kind) {
      case SHARED_PREFIX -> new WorkloadSpec(kind, 2048, 64, 64, 8, 4, 1);
      case MULTI_TURN -> new WorkloadSpec(kind, 256, 64, 64, 1, 1, 5);
      case RANDOM -> new WorkloadSpec(kind, 0, 512, 64, 1, 1, 1);
      case LONG_PREFILL -> new WorkloadSpec(kind, 0, 4096, 8, 1, 1, 1);
    };
  }

  public WorkloadSpec withSystemTokens(int value) {
    return new WorkloadSpec(kind, value, questionTokens, outputTokens, groups, usersPerGroup, turns);
  }

  public WorkloadSpec withQuestionTokens(int value) {
    return new WorkloadSpec(kind, systemTokens, value, outputTokens, groups, usersPerGroup, turns);
  }

  public WorkloadSpec withOutputTokens(int value) {
    return new WorkloadSpec(kind, systemTokens, questionTokens, value, groups, usersPerGroup, turns);
  }

  public WorkloadSpec withGroups(int value) {
    return new WorkloadSpec(kind, systemTokens, questionTokens, outputTokens, value, usersPerGroup, turns);
  }

  public WorkloadSpec withUsersPerGroup(int value) {
    return new WorkloadSpec(kind, systemTokens, questionTokens, outputTokens, groups, value, turns);
  }

  public WorkloadSpec withTurns(int value) {
    return new WorkloadSpec(kind, systemTokens, questionTokens, outputTokens, groups, usersPerGroup, value);
  }

  private static void requireAtLeast(String name, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be >= " + min + ", got " + value);
    }
  }
}
