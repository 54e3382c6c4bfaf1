package dev.baton.sim.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A validated {@code /v1/completions} or {@code /v1/chat/completions} request, reduced to what the
 * simulator acts on.
 *
 * @param chat whether it came to the chat endpoint
 * @param model the model named (or the served one when absent)
 * @param prompts one or more prompts (chat has exactly one, the rendered conversation)
 * @param n choices per prompt
 * @param maxTokens tokens to generate at most per choice
 * @param minTokens tokens before the end-of-turn token may come
 * @param ignoreEos keep going past the end-of-turn token
 * @param stream answer as server-sent events
 * @param includeUsage send a final usage chunk ({@code stream_options.include_usage})
 * @param continuousUsage send usage in every chunk ({@code stream_options.continuous_usage_stats})
 * @param echo prepend the prompt to the text (completions)
 * @param logprobs top log-probabilities per output token, or null for none
 * @param promptLogprobs top log-probabilities per prompt token, or null for none
 * @param seed the request's {@code seed}, or null
 * @param cacheSalt the request's {@code cache_salt}, or null
 * @param kvTransferParams the request's {@code kv_transfer_params}, or null
 * @param returnTokenIds add {@code prompt_token_ids} and {@code token_ids} to choices
 */
record GenerateRequest(
    boolean chat,
    String model,
    List<Prompt> prompts,
    int n,
    int maxTokens,
    int minTokens,
    boolean ignoreEos,
    boolean stream,
    boolean includeUsage,
    boolean continuousUsage,
    boolean echo,
    Integer logprobs,
    Integer promptLogprobs,
    Long seed,
    String cacheSalt,
    ObjectNode kvTransferParams,
    boolean returnTokenIds) {

  /**
   * This request as a prefill whose KV a decode takes without a handle runs it (an SGLang prefill
   * server's bootstrap room, a P2P-NCCL producer): one token, its KV kept (the simulator's
   * remote-decode hold).
   */
  GenerateRequest asHeldPrefill() {
    ObjectNode hold = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
        .put("do_remote_decode", true);
    return new GenerateRequest(chat, model, prompts, n, 1, 0, ignoreEos, stream, includeUsage,
        continuousUsage, echo, logprobs, promptLogprobs, seed, cacheSalt, hold, returnTokenIds);
  }

  boolean wantsRemoteDecode() {
    return kvTransferParams != null && kvTransferParams.path("do_remote_decode").asBoolean(false);
  }

  boolean wantsRemotePrefill() {
    return kvTransferParams != null && kvTransferParams.path("do_remote_prefill").asBoolean(false);
  }
}
