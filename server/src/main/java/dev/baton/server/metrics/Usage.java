package dev.baton.server.metrics;

/**
 * Token counts a worker reported in its {@code usage} object; a negative count means not reported,
 * and Baton then uses what it knows (its prompt estimate, the tokens it saw stream by).
 *
 * @param promptTokens {@code usage.prompt_tokens}, or -1
 * @param completionTokens {@code usage.completion_tokens}, or -1
 */
public record Usage(int promptTokens, int completionTokens) {

  /** Nothing reported. */
  public static final Usage UNKNOWN = new Usage(-1, -1);
}
