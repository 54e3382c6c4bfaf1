package dev.baton.transfer.upstream;

import io.vertx.core.MultiMap;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Headers that describe one connection rather than the message (RFC 9110 section 7.6.1), plus the
 * framing headers Vert.x recomputes. They are dropped in both directions.
 */
public final class HopByHop {

  private static final Set<String> NAMES =
      Set.of(
          "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "proxy-connection",
          "te", "trailer", "transfer-encoding", "upgrade", "host", "content-length",
          "http2-settings");

  /**
   * End-to-end headers that a {@code Connection} token cannot remove: the framing of the body and
   * the ids that tie a request to its logs. RFC 9110 lets a sender name any header as hop-by-hop;
   * a client naming these would only break its own request downstream, or hide it from traces.
   */
  private static final Set<String> KEPT =
      Set.of("content-type", "content-encoding", "accept", "x-request-id", "traceparent",
          "tracestate");

  private HopByHop() {}

  public static boolean isHopByHop(String name) {
    return NAMES.contains(name.toLowerCase(Locale.ROOT));
  }

  /**
   * Copies the end-to-end headers; also drops those the {@code Connection} header names, and HTTP/2
   * pseudo-headers.
   */
  public static MultiMap endToEnd(MultiMap headers) {
    return endToEnd(headers, lower -> false);
  }

  /**
   * As {@link #endToEnd(MultiMap)}, also dropping the headers whose lower-case name {@code dropped}
   * accepts: one pass over the headers with each name lower-cased once, for a caller that filters
   * more on the request path.
   */
  public static MultiMap endToEnd(MultiMap headers, Predicate<String> dropped) {
    return copyEndToEnd(headers, MultiMap.caseInsensitiveMultiMap(), dropped);
  }

  /**
   * As {@link #endToEnd(MultiMap, Predicate)}, adding to {@code into} (a response's own headers)
   * instead of a new map that would then be copied again.
   */
  public static MultiMap copyEndToEnd(MultiMap headers, MultiMap into, Predicate<String> dropped) {
    Set<String> named = connectionTokens(headers);
    headers.forEach(
        (name, value) -> {
          String lower = name.toLowerCase(Locale.ROOT);
          if (!lower.startsWith(":") && !NAMES.contains(lower) && !named.contains(lower)
              && !dropped.test(lower)) {
            into.add(name, value);
          }
        });
    return into;
  }

  private static Set<String> connectionTokens(MultiMap headers) {
    if (!headers.contains("connection")) {
      return Set.of();
    }
    java.util.HashSet<String> tokens = new java.util.HashSet<>();
    for (String value : headers.getAll("connection")) {
      for (String token : value.split(",")) {
        String name = token.trim().toLowerCase(Locale.ROOT);
        if (!KEPT.contains(name)) {
          tokens.add(name);
        }
      }
    }
    return tokens;
  }
}
