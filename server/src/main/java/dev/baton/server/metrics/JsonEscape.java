package dev.baton.server.metrics;

/**
 * JSON's escapes inside a string (RFC 8259 section 7), for {@link JsonCursor}: a backslash and one
 * of {@code " \ / b f n r t}, or {@code u} and four hex digits.
 */
final class JsonEscape {

  private JsonEscape() {}

  /**
   * The position after the escape whose backslash is at {@code bytes[at]}, throwing
   * {@link JsonCursor#GIVE_UP} when it is not a whole, valid one before {@code end}.
   */
  static int after(byte[] bytes, int at, int end) {
    if (at + 1 >= end) {
      throw JsonCursor.GIVE_UP;
    }
    switch (bytes[at + 1]) {
      case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> {
        return at + 2;
      }
      case 'u' -> {
        if (end - at < 6) {
          throw JsonCursor.GIVE_UP;
        }
        for (int i = at + 2; i < at + 6; i++) {
          if (Character.digit(bytes[i], 16) < 0) {
            throw JsonCursor.GIVE_UP;
          }
        }
        return at + 6;
      }
      default -> throw JsonCursor.GIVE_UP;
    }
  }
}
