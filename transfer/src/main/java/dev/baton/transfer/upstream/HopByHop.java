package dev.baton.transfer.upstream;

import io.vertx.core.MultiMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Headers that describe one connection rather than the message (RFC 9110 section 7.6.1), plus the
 * framing headers Vert.x recomputes. They are dropped in both directions.
 *
 * <p>This runs on every request and every answer, so a pass over a message's headers matches names
 * in any case without lower-casing them, and reads the {@code Connection} header as it goes by
 * rather than looking it up first: a {@code Connection: keep-alive} (nginx and uvicorn send it on
 * every answer) names nothing that is not dropped anyway.
 */
public final class HopByHop {

  private static final HeaderNameSet NAMES = new HeaderNameSet(
      Set.of(
          "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "proxy-connection",
          "te", "trailer", "transfer-encoding", "upgrade", "host", "content-length",
          "http2-settings"));

  /**
   * End-to-end headers that a {@code Connection} token cannot remove: the framing of the body and
   * the ids that tie a request to its logs. RFC 9110 lets a sender name any header as hop-by-hop;
   * a client naming these would only break its own request downstream, or hide it from traces.
   * With {@code close}, which names no header, and the names dropped anyway.
   */
  private static final HeaderNameSet KEPT =
      new HeaderNameSet(Set.of("content-type", "content-encoding", "accept", "x-request-id",
          "traceparent", "tracestate", "close"));

  private HopByHop() {}

  /** Whether {@code name}, in any case, is hop-by-hop. */
  public static boolean isHopByHop(String name) {
    return NAMES.contains(name);
  }

  /** Whether {@code name}, in any case, is {@code Connection}. */
  static boolean isConnection(String name) {
    return name.length() == 10 && name.equalsIgnoreCase("connection");
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
   * instead of a new map that would then be copied again. Headers the {@code Connection} header
   * names are removed from {@code into} after the pass, so {@code into} must not hold any of its
   * own under such a name.
   */
  public static MultiMap copyEndToEnd(MultiMap headers, MultiMap into, Predicate<String> dropped) {
    String connection = null;
    for (Map.Entry<String, String> header : headers) {
      String name = header.getKey();
      if (isHopByHop(name)) {
        connection = isConnection(name) ? joined(connection, header.getValue()) : connection;
      } else if (!name.startsWith(":") && !dropped.test(name.toLowerCase(Locale.ROOT))) {
        into.add(name, header.getValue());
      }
    }
    removeNamedBy(connection, into);
    return into;
  }

  /** Both values of a repeated header as one comma-separated list, as RFC 9110 reads them. */
  static String joined(String before, String value) {
    return before == null ? value : before + "," + value;
  }

  /**
   * Removes from {@code into} the headers a {@code Connection} value (null when none) names, other
   * than those it may not remove; {@code keep-alive} and {@code close} cost no more than a scan.
   */
  static void removeNamedBy(String connection, MultiMap into) {
    if (connection == null) {
      return;
    }
    int length = connection.length();
    int start = 0;
    while (start <= length) {
      int comma = connection.indexOf(',', start);
      int end = comma < 0 ? length : comma;
      int from = start;
      int to = end;
      while (from < to && Character.isWhitespace(connection.charAt(from))) {
        from++;
      }
      while (to > from && Character.isWhitespace(connection.charAt(to - 1))) {
        to--;
      }
      if (to > from && !NAMES.contains(connection, from, to) && !KEPT.contains(connection, from, to)) {
        into.remove(connection.substring(from, to));
      }
      start = end + 1;
    }
  }
}
