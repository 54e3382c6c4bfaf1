package dev.baton.bench.workload;

import java.util.Objects;

/**
 * One message of a chat prompt, as sent in {@code messages}.
 *
 * @param role {@code system}, {@code user} or {@code assistant}
 * @param content plain-word text
 */
public record ChatMessage(String role, String content) {

  public ChatMessage {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(content, "content");
  }

  public static ChatMessage system(String content) {
    return new ChatMessage("system", content);
  }

  public static ChatMessage user(String content) {
    return new ChatMessage("user", content);
  }

  public static ChatMessage assistant(String content) {
    return new ChatMessage("assistant", content);
  }
}
