package dev.baton.server.metrics;

/**
 * The token counts Baton reports for one request, from the best source it has: the worker's own
 * {@code usage}; failing that, Baton's prompt estimate and the generated chunks it saw, but only
 * when a worker answered (a request no worker answered used no tokens Baton knows of).
 *
 * @param prompt prompt tokens, or null when unknown
 * @param completion generated tokens, or null when unknown
 */
record TokenCounts(Integer prompt, Integer completion) {

  /** @param tokensSeen generated chunks of a stream, or -1 for a whole answer (nothing counted) */
  static TokenCounts of(Usage reported, boolean answered, int promptEstimate, int tokensSeen) {
    Integer prompt = reported.promptTokens() >= 0 ? Integer.valueOf(reported.promptTokens())
        : answered && promptEstimate >= 0 ? Integer.valueOf(promptEstimate) : null;
    Integer completion = reported.completionTokens() >= 0
        ? Integer.valueOf(reported.completionTokens())
        : answered && tokensSeen >= 0 ? Integer.valueOf(tokensSeen) : null;
    return new TokenCounts(prompt, completion);
  }

  /** Prompt plus completion, unknown counting as 0: what a tenant's tokens/min budget is charged. */
  long total() {
    return (prompt == null ? 0L : prompt) + (completion == null ? 0L : completion);
  }
}
