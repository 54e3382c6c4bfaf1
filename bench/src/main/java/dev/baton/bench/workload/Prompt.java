package dev.baton.bench.workload;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One request a workload wants sent.
 *
 * @param conversation which conversation (or group/user) the prompt belongs to; workloads use it to
 *     match an answer to its conversation, reports may use it to explain sharing
 * @param messages the chat messages; the completions endpoint sends them joined as one text
 * @param maxTokens how many tokens to ask for
 * @param headers request headers for this request alone (a replayed trace line's priority,
 *     session and SLO objectives); they win over the run's {@code --header}s of the same name
 */
public record Prompt(
    String conversation, List<ChatMessage> messages, int maxTokens, Map<String, String> headers) {

  /** A prompt sent with the run's headers only. */
  public Prompt(String conversation, List<ChatMessage> messages, int maxTokens) {
    this(conversation, messages, maxTokens, Map.of());
  }

  public Prompt {
    Objects.requireNonNull(conversation, "conversation");
    headers = headers == null ? Map.of() : Map.copyOf(headers);
    messages = List.copyOf(messages);
    if (messages.isEmpty()) {
      throw new IllegalArgumentException("a prompt needs at least one message");
    }
    if (maxTokens < 1) {
      throw new IllegalArgumentException("maxTokens must be >= 1, got " + maxTokens);
    }
  }

  /**
   * The prompt as one text for {@code /v1/completions}: messages joined by blank lines, so prompts
   * that share leading messages share a leading text too.
   */
  public String text() {
    if (messages.size() == 1) {
      return messages.get(0).content();
    }
    StringBuilder text = new StringBuilder();
    for (ChatMessage message : messages) {
      if (!text.isEmpty()) {
        text.append("\n\n");
      }
      text.append(message.content());
    }
    return text.toString();
  }
}
