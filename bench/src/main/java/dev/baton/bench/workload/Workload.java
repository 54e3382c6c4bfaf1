package dev.baton.bench.workload;

/**
 * A source of prompts. Implementations are seeded: the same spec, seed and sequence of calls give
 * the same prompts. Calls may come from several event loops, so implementations synchronize.
 */
public interface Workload {

  /** The next prompt to send. */
  Prompt next();

  /**
   * Tells the workload a prompt finished. Only multi-turn cares: it appends the answer to the
   * conversation so the next turn carries it.
   *
   * @param prompt a prompt this workload returned
   * @param answer the streamed answer text, or {@code null} when the request failed or the answer
   *     was not collected (the workload then appends a synthetic answer of the requested length)
   */
  default void answered(Prompt prompt, String answer) {}

  /** Whether {@link #answered} wants the real answer text (costs a JSON parse per content chunk). */
  default boolean wantsAnswers() {
    return false;
  }

  /** The workload for {@code spec}, seeded with {@code seed}. */
  static Workload create(WorkloadSpec spec, long seed) {
    return switch (spec.kind()) {
      case SHARED_PREFIX -> new SharedPrefixWorkload(spec, seed);
      case MULTI_TURN -> new MultiTurnWorkload(spec, seed);
      case RANDOM, LONG_PREFILL -> new RandomWorkload(spec, seed);
    };
  }
}
