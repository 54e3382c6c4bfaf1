package dev.baton.server.auth;

import io.vertx.core.MultiMap;
import java.util.List;
import java.util.Locale;

/**
 * Headers that steer routing or name hosts, removed from every client request before it is
 * forwarded: a client must not pick its own prefill worker ({@code x-prefiller-host-port},
 * {@code x-prefiller-url}, llm-d's sidecar headers), its data-parallel rank, or set Baton's own
 * {@code x-baton-*} headers, which workers and Baton's later legs would trust.
 */
public final class RoutingHeaders {
  private static final List<String> EXACT =
      List.of("x-prefiller-host-port", "x-prefiller-url", "x-data-parallel-rank",
          "x-gateway-destination-endpoint", "x-gateway-destination-endpoint-subset");
  private static final String BATON_PREFIX = "x-baton-";

  private RoutingHeaders() {}

  /** True for a header a client may not send on to workers. */
  public static boolean isRouting(String name) {
    return isRoutingLowerCase(name.toLowerCase(Locale.ROOT));
  }

  /** {@link #isRouting(String)} of a name already in lower case. */
  public static boolean isRoutingLowerCase(String lower) {
    return lower.startsWith(BATON_PREFIX) || EXACT.contains(lower);
  }

  /** Removes every routing header from {@code headers} (case-insensitively). */
  public static MultiMap strip(MultiMap headers) {
    List<String> doomed = headers.names().stream().filter(RoutingHeaders::isRouting).toList();
    doomed.forEach(headers::remove);
    return headers;
  }
}
