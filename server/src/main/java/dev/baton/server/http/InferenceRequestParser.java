package dev.baton.server.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.router.scheduling.SchedulingRequest;
import dev.baton.server.limits.JsonBodies;
import dev.baton.transfer.handoff.RequestKind;
import io.vertx.core.buffer.Buffer;

/**
 * Reads the routing fields of an OpenAI completions or chat body and checks their types; everything
 * else is the worker's business and passes through untouched.
 */
public final class InferenceRequestParser {

  /** vLLM's completions default; chat has none (the context decides), so Baton assumes a reply. */
  private static final int COMPLETION_DEFAULT_MAX_TOKENS = 16;

  private static final int CHAT_ASSUMED_MAX_TOKENS = 256;

  private InferenceRequestParser() {}

  /** A body that must be a JSON object nesting within {@code json}'s limit; 400 otherwise. */
  static ObjectNode object(Buffer bytes, JsonBodies json) {
    JsonNode root;
    try {
      root = json.read(bytes.getBytes());
    } catch (JsonBodies.TooDeep e) {
      throw BadRequestException.of(e.getMessage(), null, "json_too_deep");
    } catch (JacksonException e) {
      throw BadRequestException.of("Invalid JSON body: " + e.getOriginalMessage(), null,
          "invalid_json");
    } catch (java.io.IOException e) {
      throw BadRequestException.of("Unreadable body", null, "invalid_json");
    }
    if (!(root instanceof ObjectNode body)) {
      throw BadRequestException.of("The request body must be a JSON object", null,
          "invalid_json");
    }
    return body;
  }

  /** The body's {@code model}, which every routed request needs; 400 without one. */
  static String model(ObjectNode body) {
    JsonNode model = body.get("model");
    if (model == null || !model.isTextual() || model.asText().isBlank()) {
      throw BadRequestException.of("`model` is required and must be a string", "model",
          "missing_model");
    }
    return model.asText();
  }

  /**
   * @param keepEnginePriority false removes the body's {@code priority}, vLLM's own scheduling
   *     priority, for a caller whose key may not claim the highest class
   */
  public static InferenceRequest parse(Buffer bytes, RequestKind kind, boolean keepEnginePriority) {
    return parse(bytes, kind, keepEnginePriority, JsonBodies.JACKSON_DEFAULT);
  }

  /** @param json the reader of bodies, holding the nesting limit in force */
  public static InferenceRequest parse(Buffer bytes, RequestKind kind, boolean keepEnginePriority,
      JsonBodies json) {
    ObjectNode body = object(bytes, json);
    String model = model(body);
    boolean stream = optionalBoolean(body, "stream");
    JsonNode streamOptions = body.get("stream_options");
    if (streamOptions != null && !streamOptions.isNull()) {
      if (!streamOptions.isObject()) {
        throw BadRequestException.of("`stream_options` must be an object", "stream_options");
      }
      if (!stream) {
        throw BadRequestException.of("Stream options can only be defined when `stream=True`.",
            "stream_options");
      }
    }
    boolean modified = body.remove("kv_transfer_params") != null;
    modified |= !keepEnginePriority && body.remove("priority") != null;
    String prompt = kind == RequestKind.CHAT ? PromptText.ofMessages(body) : PromptText.ofPrompt(body);
    int promptTokens =
        kind == RequestKind.COMPLETION && PromptText.isTokenIds(body.get("prompt"))
            ? PromptText.countTokenIds(body.get("prompt"))
            : SchedulingRequest.estimateTokens(prompt.length());
    Integer maxTokens = optionalCount(body, "max_tokens");
    Integer maxCompletionTokens = optionalCount(body, "max_completion_tokens");
    Integer n = optionalCount(body, "n");
    Integer bestOf = optionalCount(body, "best_of");
    // Each prompt of a batch is answered n times (best_of candidates generated, n returned).
    int perPrompt = Math.max(1, Math.max(n == null ? 1 : n, bestOf == null ? 1 : bestOf));
    int prompts = kind == RequestKind.COMPLETION ? PromptText.promptCount(body.get("prompt")) : 1;
    optionalCount(body, "min_tokens");
    int limit =
        maxCompletionTokens != null
            ? maxCompletionTokens
            : maxTokens != null
                ? maxTokens
                : kind == RequestKind.CHAT ? CHAT_ASSUMED_MAX_TOKENS : COMPLETION_DEFAULT_MAX_TOKENS;
    boolean promptParts =
        optionalBoolean(body, "echo") || truthy(body.get("logprobs")) || truthy(body.get("prompt_logprobs"));
    return new InferenceRequest(
        kind, model, stream, body, modified, prompt, promptTokens, limit, promptParts, perPrompt,
        prompts);
  }

  private static boolean optionalBoolean(ObjectNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return false;
    }
    if (!value.isBoolean()) {
      throw BadRequestException.of("`" + field + "` must be a boolean", field);
    }
    return value.booleanValue();
  }

  private static Integer optionalCount(ObjectNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 0) {
      throw BadRequestException.of("`" + field + "` must be a non-negative integer", field);
    }
    return value.intValue();
  }

  /** {@code logprobs} is a bool on chat and an int on completions; either way, set means asked. */
  private static boolean truthy(JsonNode value) {
    if (value == null || value.isNull()) {
      return false;
    }
    return value.isBoolean() ? value.booleanValue() : !value.isNumber() || value.intValue() >= 0;
  }
}
