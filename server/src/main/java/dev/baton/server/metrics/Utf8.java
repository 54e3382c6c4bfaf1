package dev.baton.server.metrics;

/**
 * Strict UTF-8 (RFC 3629) for {@link JsonCursor}: a multi-byte sequence is taken only when it is
 * the shortest form of a scalar value (no overlong forms, no surrogates, nothing above U+10FFFF),
 * a subset of what Jackson decodes, so the scanner never takes a string Jackson refuses.
 */
final class Utf8 {

  private Utf8() {}

  /**
   * The position after the multi-byte sequence that starts at {@code bytes[p]} (a byte above
   * 0x7F), throwing {@link JsonCursor#GIVE_UP} when it is not a whole, valid one before {@code end}.
   */
  static int after(byte[] bytes, int p, int end) {
    int lead = bytes[p] & 0xFF;
    if (lead >= 0xC2 && lead <= 0xDF) {
      continuation(bytes, p + 1, end, 0x80, 0xBF);
      return p + 2;
    }
    if (lead >= 0xE0 && lead <= 0xEF) {
      // E0 needs A0..BF (no overlong form), ED 80..9F (no surrogate).
      continuation(bytes, p + 1, end, lead == 0xE0 ? 0xA0 : 0x80, lead == 0xED ? 0x9F : 0xBF);
      continuation(bytes, p + 2, end, 0x80, 0xBF);
      return p + 3;
    }
    if (lead >= 0xF0 && lead <= 0xF4) {
      // F0 needs 90..BF (no overlong form), F4 80..8F (nothing above U+10FFFF).
      continuation(bytes, p + 1, end, lead == 0xF0 ? 0x90 : 0x80, lead == 0xF4 ? 0x8F : 0xBF);
      continuation(bytes, p + 2, end, 0x80, 0xBF);
      continuation(bytes, p + 3, end, 0x80, 0xBF);
      return p + 4;
    }
    throw JsonCursor.GIVE_UP;
  }

  private static void continuation(byte[] bytes, int i, int end, int min, int max) {
    if (i >= end) {
      throw JsonCursor.GIVE_UP;
    }
    int b = bytes[i] & 0xFF;
    if (b < min || b > max) {
      throw JsonCursor.GIVE_UP;
    }
  }
}
