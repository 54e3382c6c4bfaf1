package dev.baton.bench.client;

import java.util.Locale;

/** Which OpenAI API the generator calls. */
public enum ApiEndpoint {
  /** {@code POST /v1/chat/completions}, generated text in {@code choices[].delta.content}. */
  CHAT("/chat/completions", "content"),
  /** {@code POST /v1/completions}, generated text in {@code choices[].text}. */
  COMPLETIONS("/completions", "text");

  private final String path;
  private final String contentKey;

  ApiEndpoint(String path, String contentKey) {
    this.path = path;
    this.contentKey = contentKey;
  }

  /** The path under {@code /v1}. */
  public String path() {
    return path;
  }

  /** The JSON key of a streamed chunk that holds generated text. */
  public String contentKey() {
    return contentKey;
  }

  /** Parses {@code chat} or {@code completions}. */
  public static ApiEndpoint parse(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "chat", "chat/completions" -> CHAT;
      case "completions", "completion" -> COMPLETIONS;
      default ->
          throw new IllegalArgumentException(
              "unknown endpoint '" + name + "', expected chat or completions");
    };
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
