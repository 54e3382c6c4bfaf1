package dev.baton.server.http;

import java.util.Optional;

/**
 * Request paths that two HTTP servers could read as two different routes. Baton matches routes on
 * the path as sent, while a worker's server (uvicorn for vLLM) decodes it first: {@code
 * /v1/chat%2Fcompletions} is no chat route to Baton but is chat to the worker. Rather than guess
 * which reading a worker makes, such paths are refused. Every route Baton serves is plain ASCII
 * without escapes, so no OpenAI client sends them.
 */
final class AmbiguousPaths {

  private AmbiguousPaths() {}

  /** Why {@code path} (as sent, not decoded) is ambiguous, or empty when it reads the same everywhere. */
  static Optional<String> problem(String path) {
    if (path == null || path.isEmpty() || path.charAt(0) != '/') {
      return Optional.of("the request target must be a path starting with /");
    }
    if (path.contains("//")) {
      return Optional.of("empty path segments (//) are not allowed");
    }
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '%') {
        // %2F, %5C, %2E, %25...: whatever it decodes to, the worker would see another path.
        return Optional.of("percent-encoded characters (such as %2F) are not allowed in paths");
      }
      if (c == '\\') {
        return Optional.of("backslashes are not allowed in paths");
      }
      if (c == ';') {
        return Optional.of("path parameters (;) are not allowed");
      }
      if (c <= 0x20 || c >= 0x7f) {
        return Optional.of("control, space or non-ASCII characters are not allowed in paths");
      }
    }
    if (hasDotSegment(path)) {
      return Optional.of("dot segments (. and ..) are not allowed in paths");
    }
    return Optional.empty();
  }

  /** Whether a segment between slashes (or after the last) is {@code .} or {@code ..}; no split. */
  private static boolean hasDotSegment(String path) {
    int start = 0;
    for (int i = 0; i <= path.length(); i++) {
      if (i == path.length() || path.charAt(i) == '/') {
        int length = i - start;
        if ((length == 1 || length == 2) && path.charAt(start) == '.' && path.charAt(i - 1) == '.') {
          return true;
        }
        start = i + 1;
      }
    }
    return false;
  }
}
