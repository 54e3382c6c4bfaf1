package dev.baton.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The prompt as one string for prefix affinity and length estimates, and the type checks on
 * {@code prompt} and {@code messages} that routing depends on.
 */
final class PromptText {

  private PromptText() {}

  /** Completions: a string, a list of strings, a list of token ids or a list of token-id lists. */
  static String ofPrompt(ObjectNode body) {
    JsonNode prompt = body.get("prompt");
    if (prompt == null || prompt.isNull()) {
      throw BadRequestException.of("`prompt` is required", "prompt", "missing_prompt");
    }
    if (prompt.isTextual()) {
      return prompt.asText();
    }
    if (prompt.isArray() && !prompt.isEmpty()) {
      if (isTokenIds(prompt)) {
        // No tokenizer here: the ids themselves are a stable text for prefix affinity.
        return prompt.toString();
      }
      StringBuilder text = new StringBuilder();
      for (JsonNode part : prompt) {
        if (!part.isTextual()) {
          throw BadRequestException.of(
              "`prompt` must be a string, a list of strings or a list of token ids", "prompt");
        }
        text.append(part.asText());
      }
      return text.toString();
    }
    throw BadRequestException.of(
        "`prompt` must be a string, a list of strings or a list of token ids", "prompt");
  }

  static boolean isTokenIds(JsonNode prompt) {
    if (prompt == null || !prompt.isArray() || prompt.isEmpty()) {
      return false;
    }
    for (JsonNode item : prompt) {
      boolean ok = item.isIntegralNumber();
      if (item.isArray()) {
        ok = !item.isEmpty();
        for (JsonNode id : item) {
          ok &= id.isIntegralNumber();
        }
      }
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** Prompts in a completions {@code prompt}: a list of strings or of token-id lists is a batch. */
  static int promptCount(JsonNode prompt) {
    if (prompt == null || !prompt.isArray() || prompt.isEmpty()) {
      return 1;
    }
    JsonNode first = prompt.get(0);
    return first.isTextual() || first.isArray() ? prompt.size() : 1;
  }

  static int countTokenIds(JsonNode prompt) {
    int n = 0;
    for (JsonNode item : prompt) {
      n += item.isArray() ? item.size() : 1;
    }
    return n;
  }

  /** Chat: renders {@code role: content} lines; content is a string or a list of parts. */
  static String ofMessages(ObjectNode body) {
    JsonNode messages = body.get("messages");
    if (messages == null || !messages.isArray() || messages.isEmpty()) {
      throw BadRequestException.of("`messages` must be a non-empty list", "messages");
    }
    StringBuilder text = new StringBuilder();
    for (JsonNode message : messages) {
      if (!message.isObject() || !message.path("role").isTextual()) {
        throw BadRequestException.of("each message must be an object with a `role`", "messages");
      }
      text.append(message.get("role").asText()).append(": ");
      JsonNode content = message.get("content");
      if (content != null && content.isTextual()) {
        text.append(content.asText());
      } else if (content != null && content.isArray()) {
        for (JsonNode part : content) {
          text.append(part.path("text").asText(""));
        }
      } else if (content != null && !content.isNull()) {
        throw BadRequestException.of("message `content` must be a string or a list of parts",
            "messages");
      }
      text.append('\n');
    }
    return text.toString();
  }
}
