package dev.baton.sim.api;

import static dev.baton.sim.api.JsonFields.optBool;
import static dev.baton.sim.api.JsonFields.optDouble;
import static dev.baton.sim.api.JsonFields.optInt;
import static dev.baton.sim.api.JsonFields.optInteger;
import static dev.baton.sim.api.JsonFields.optString;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.sim.SimConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Validates request bodies as vLLM's pydantic models and serving layer do, answering the same
 * messages where it matters to clients (400 for every validation failure, 404 for an unknown model).
 */
final class RequestParser {

  /** vLLM's default {@code --max-logprobs}. */
  static final int MAX_LOGPROBS = 20;

  private final SimConfig config;

  RequestParser(SimConfig config) {
    this.config = config;
  }

  /** Whether this worker answers for the model name: the base model or one of its adapters. */
  boolean serves(String model) {
    return config.model().equals(model) || config.loraAdapters().contains(model);
  }

  /** Context limit: the model's, or less when the KV cache could not hold that many tokens. */
  int contextLimit() {
    return (int) Math.min(config.maxModelLen(), (long) config.kvBlocks() * config.blockSize());
  }

  GenerateRequest parse(JsonNode body, boolean chat) {
    if (body == null || !body.isObject()) {
      throw ApiError.badRequest("The request body must be a JSON object.");
    }
    String model = optString(body, "model");
    if (model == null) {
      model = config.model();
    } else if (!serves(model)) {
      throw new ApiError(404, "The model `" + model + "` does not exist.", "model");
    }
    boolean stream = optBool(body, "stream", false);
    JsonNode streamOptions = body.get("stream_options");
    boolean includeUsage = false;
    boolean continuousUsage = false;
    if (streamOptions != null && !streamOptions.isNull()) {
      if (!streamOptions.isObject()) {
        throw ApiError.badRequest("stream_options must be an object", "stream_options");
      }
      if (!stream) {
        throw ApiError.badRequest("Stream options can only be defined when `stream=True`.", "stream_options");
      }
      includeUsage = optBool(streamOptions, "include_usage", false);
      continuousUsage = optBool(streamOptions, "continuous_usage_stats", false);
    }
    List<Prompt> prompts = chat ? List.of(ChatMessages.render(body)) : completionPrompts(body);
    int n = optInt(body, "n", 1);
    if (n < 1 || n > 64) {
      throw ApiError.badRequest("n must be between 1 and 64.", "n");
    }
    Integer maxTokens = chat ? optInteger(body, "max_completion_tokens") : null;
    if (maxTokens == null) {
      maxTokens = optInteger(body, "max_tokens");
    }
    if (maxTokens != null && maxTokens < 1) {
      throw ApiError.badRequest("max_tokens must be at least 1, got " + maxTokens + ".", "max_tokens");
    }
    int minTokens = optInt(body, "min_tokens", 0);
    if (minTokens < 0) {
      throw ApiError.badRequest("min_tokens must be greater than or equal to 0, got " + minTokens + ".", "min_tokens");
    }
    if (maxTokens != null && minTokens > maxTokens) {
      throw ApiError.badRequest(
          "min_tokens must be less than or equal to max_tokens=" + maxTokens + ", got " + minTokens + ".", "min_tokens");
    }
    int limit = contextLimit();
    int longest = 0;
    for (Prompt p : prompts) {
      longest = Math.max(longest, p.ids().length);
    }
    if (longest >= limit) {
      throw ApiError.badRequest(
          "This model's maximum context length is " + limit + " tokens. However, your request has "
              + longest + " input tokens. Please reduce the length of the input messages.", "messages");
    }
    if (maxTokens != null && longest + maxTokens > limit) {
      throw ApiError.badRequest(
          "This model's maximum context length is " + limit + " tokens. However, you requested "
              + (longest + maxTokens) + " tokens (" + longest + " in the messages, " + maxTokens
              + " in the completion). Please reduce the length of the messages or completion.", "max_tokens");
    }
    // Completions default to 16 tokens; chat defaults to whatever context is left, as vLLM does.
    int effectiveMax = maxTokens != null ? maxTokens : chat ? limit - longest : Math.min(16, limit - longest);
    Double temperature = optDouble(body, "temperature");
    if (temperature != null && temperature < 0) {
      throw ApiError.badRequest("temperature must be non-negative, got " + temperature + ".", "temperature");
    }
    Integer logprobs = chat ? chatLogprobs(body) : optInteger(body, "logprobs");
    if (logprobs != null && (logprobs < 0 || logprobs > MAX_LOGPROBS)) {
      throw ApiError.badRequest("Requested sample logprobs of " + logprobs
          + ", which is greater than max allowed: " + MAX_LOGPROBS, chat ? "top_logprobs" : "logprobs");
    }
    Integer promptLogprobs = optInteger(body, "prompt_logprobs");
    if (promptLogprobs != null && (promptLogprobs < 0 || promptLogprobs > MAX_LOGPROBS)) {
      throw ApiError.badRequest("Requested prompt logprobs of " + promptLogprobs
          + ", which is greater than max allowed: " + MAX_LOGPROBS, "prompt_logprobs");
    }
    if (promptLogprobs != null && stream) {
      throw ApiError.badRequest("`prompt_logprobs` are not available when `stream=True`.", "prompt_logprobs");
    }
    JsonNode kv = body.get("kv_transfer_params");
    ObjectNode kvParams = null;
    if (kv != null && !kv.isNull()) {
      if (!kv.isObject()) {
        throw ApiError.badRequest("kv_transfer_params must be an object", "kv_transfer_params");
      }
      kvParams = (ObjectNode) kv;
    }
    JsonNode seedNode = body.get("seed");
    if (seedNode != null && !seedNode.isNull() && !seedNode.isIntegralNumber()) {
      throw ApiError.badRequest("seed must be an integer", "seed");
    }
    GenerateRequest request = new GenerateRequest(
        chat, model, prompts, n, effectiveMax, minTokens, optBool(body, "ignore_eos", false), stream,
        includeUsage, continuousUsage, !chat && optBool(body, "echo", false), logprobs, promptLogprobs,
        seedNode == null || seedNode.isNull() ? null : seedNode.asLong(), optString(body, "cache_salt"),
        kvParams, optBool(body, "return_token_ids", false));
    if (request.wantsRemoteDecode() && stream) {
      throw ApiError.badRequest("Streaming is not supported for a prefill with do_remote_decode.", "stream");
    }
    return request;
  }

  private List<Prompt> completionPrompts(JsonNode body) {
    JsonNode prompt = body.get("prompt");
    if (prompt == null || prompt.isNull()) {
      throw ApiError.badRequest("Either prompt or prompt_embeds must be provided and non-empty.", "prompt");
    }
    List<Prompt> prompts = new ArrayList<>();
    if (prompt.isTextual()) {
      prompts.add(Prompt.ofText(prompt.asText(), true));
    } else if (prompt.isArray() && !prompt.isEmpty()) {
      JsonNode first = prompt.get(0);
      if (first.isIntegralNumber()) {
        prompts.add(Prompt.ofIds(tokenIds(prompt)));
      } else {
        for (JsonNode p : prompt) {
          if (p.isTextual()) {
            prompts.add(Prompt.ofText(p.asText(), true));
          } else if (p.isArray() && !p.isEmpty()) {
            prompts.add(Prompt.ofIds(tokenIds(p)));
          } else {
            throw ApiError.badRequest("prompt must be a string, an array of strings, an array of tokens, "
                + "or an array of token arrays", "prompt");
          }
        }
      }
    } else {
      throw ApiError.badRequest("prompt must be a string, an array of strings, an array of tokens, "
          + "or an array of token arrays, and not empty", "prompt");
    }
    for (Prompt p : prompts) {
      if (p.ids().length == 0) {
        throw ApiError.badRequest("The prompt cannot be empty.", "prompt");
      }
    }
    return prompts;
  }

  private static int[] tokenIds(JsonNode array) {
    int[] ids = new int[array.size()];
    for (int i = 0; i < ids.length; i++) {
      JsonNode t = array.get(i);
      if (!t.isIntegralNumber() || t.asLong() < 0 || t.asLong() >= dev.baton.sim.tokenizer.SimTokenizer.VOCAB_SIZE) {
        throw ApiError.badRequest("Token id " + t + " is out of vocabulary", "prompt");
      }
      ids[i] = t.asInt();
    }
    return ids;
  }

  private static Integer chatLogprobs(JsonNode body) {
    boolean logprobs = optBool(body, "logprobs", false);
    Integer top = optInteger(body, "top_logprobs");
    if (top != null && !logprobs) {
      throw ApiError.badRequest("when using `top_logprobs`, `logprobs` must be set to true.", "top_logprobs");
    }
    return logprobs ? (top == null ? 0 : top) : null;
  }
}
