package dev.baton.server.metrics;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Token counts a worker reported in its {@code usage} object; a negative count means not reported,
 * and Baton then uses what it knows (its prompt estimate, the generated tokens it saw stream by).
 *
 * @param promptTokens {@code usage.prompt_tokens}, or -1
 * @param completionTokens {@code usage.completion_tokens}, or -1
 */
public record Usage(int promptTokens, int completionTokens) {

  /** Nothing reported. */
  public static final Usage UNKNOWN = new Usage(-1, -1);

  /** The counts of an OpenAI {@code usage} object; {@link #UNKNOWN} when it is absent or not one. */
  public static Usage of(JsonNode usage) {
    if (usage == null || !usage.isObject()) {
      return UNKNOWN;
    }
    return new Usage(count(usage.get("prompt_tokens")), count(usage.get("completion_tokens")));
  }

  /** True when the worker reported at least one of the counts. */
  public boolean reported() {
    return promptTokens >= 0 || completionTokens >= 0;
  }

  private static int count(JsonNode n) {
    return n != null && n.isIntegralNumber() && n.canConvertToInt() && n.intValue() >= 0 ? n.intValue() : -1;
  }
}
