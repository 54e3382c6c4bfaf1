package dev.baton.sim.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.sim.tokenizer.ChatTemplate;
import java.util.ArrayList;
import java.util.List;

/** Validates chat {@code messages} and renders them with the chat template into one prompt. */
final class ChatMessages {

  private ChatMessages() {}

  static Prompt render(JsonNode body) {
    JsonNode messages = body.get("messages");
    if (messages == null || !messages.isArray() || messages.isEmpty()) {
      throw ApiError.badRequest("messages must be a non-empty array", "messages");
    }
    List<ChatTemplate.Message> rendered = new ArrayList<>();
    for (JsonNode m : messages) {
      JsonNode role = m.get("role");
      if (!m.isObject() || role == null || !role.isTextual()) {
        throw ApiError.badRequest("each message must be an object with a string role", "messages");
      }
      rendered.add(new ChatTemplate.Message(role.asText(), contentText(m.get("content"))));
    }
    return Prompt.ofText(ChatTemplate.render(rendered), false);
  }

  private static String contentText(JsonNode content) {
    if (content == null || content.isNull()) {
      return "";
    }
    if (content.isTextual()) {
      return content.asText();
    }
    if (content.isArray()) {
      StringBuilder sb = new StringBuilder();
      for (JsonNode part : content) {
        if (!part.isObject() || !part.path("type").isTextual()) {
          throw ApiError.badRequest("content parts must be objects with a type", "messages");
        }
        if ("text".equals(part.get("type").asText())) {
          sb.append(part.path("text").asText(""));
        }
      }
      return sb.toString();
    }
    throw ApiError.badRequest("message content must be a string or an array of parts", "messages");
  }
}
