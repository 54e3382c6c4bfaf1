package dev.baton.bench.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.bench.workload.ChatMessage;
import dev.baton.bench.workload.Prompt;
import io.vertx.core.buffer.Buffer;

/**
 * Turns a {@link Prompt} into a streaming request body. Every body asks for
 * {@code stream_options.include_usage} so the server reports the real token counts; with
 * {@code ignoreEos} (a vLLM extension) it also asks the engine to produce exactly
 * {@code max_tokens}, which keeps output lengths, and so runs, comparable.
 */
public record RequestBodies(
    ObjectMapper mapper, ApiEndpoint endpoint, String model, boolean ignoreEos) {

  public Buffer body(Prompt prompt) {
    ObjectNode body = mapper.createObjectNode();
    body.put("model", model);
    if (endpoint == ApiEndpoint.CHAT) {
      ArrayNode messages = body.putArray("messages");
      for (ChatMessage message : prompt.messages()) {
        messages.addObject().put("role", message.role()).put("content", message.content());
      }
    } else {
      body.put("prompt", prompt.text());
    }
    body.put("max_tokens", prompt.maxTokens());
    if (ignoreEos) {
      body.put("ignore_eos", true);
    }
    body.put("stream", true);
    body.putObject("stream_options").put("include_usage", true);
    try {
      return Buffer.buffer(mapper.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode a request body", e);
    }
  }
}
