package dev.baton.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.transfer.handoff.RequestKind;

/**
 * What routing needs from a completions or chat request, read once from its body.
 *
 * @param kind chat or completions
 * @param model the requested model
 * @param stream the client wants server-sent events
 * @param body the parsed body, without any client-supplied {@code kv_transfer_params}
 * @param bodyModified true when {@code body} differs from the bytes the client sent (so they cannot
 *     be forwarded untouched)
 * @param promptText the prompt as text (chat messages rendered), for prefix affinity
 * @param promptTokens estimated prompt tokens
 * @param maxTokens the output limit (the route's default when the client gave none)
 * @param wantsPromptParts {@code echo}, {@code logprobs} or {@code prompt_logprobs} asks for parts of
 *     the answer that only the prefill computes
 * @param perPrompt completions generated for each prompt: the larger of {@code n} and
 *     {@code best_of}, at least 1
 * @param prompts prompts in the request: the length of a completions {@code prompt} list of strings
 *     or of token-id lists, else 1
 */
public record InferenceRequest(
    RequestKind kind,
    String model,
    boolean stream,
    ObjectNode body,
    boolean bodyModified,
    String promptText,
    int promptTokens,
    int maxTokens,
    boolean wantsPromptParts,
    int perPrompt,
    int prompts) {

  /** Tokens the request may generate in all: every completion of every prompt up to its limit. */
  public long completionTokens() {
    return (long) maxTokens * perPrompt * prompts;
  }

  /** What rate limits and admission charge: the prompt estimate plus every possible completion. */
  public long tokenCharge() {
    return promptTokens + completionTokens();
  }
}
