package dev.baton.server.http;

import dev.baton.server.auth.RoutingHeaders;
import dev.baton.server.auth.UpstreamCredentials;
import dev.baton.transfer.upstream.HopByHop;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;

/**
 * The headers a client request carries on to its workers: end-to-end headers minus routing headers
 * a client may not set, with the worker credentials of the pool instead of the client's.
 */
final class ForwardedHeaders {

  private ForwardedHeaders() {}

  /** Without worker credentials: the client's {@code Authorization} is dropped. */
  static MultiMap of(HttpServerRequest request, String requestId) {
    return of(request, requestId, UpstreamCredentials.NONE);
  }

  static MultiMap of(HttpServerRequest request, String requestId, UpstreamCredentials credentials) {
    MultiMap headers = RoutingHeaders.strip(HopByHop.endToEnd(request.headers()));
    headers.set(RequestIds.HEADER, requestId);
    // Baton reads some answers (prefill legs) and relays streams chunk by chunk: keep them plain.
    headers.remove("accept-encoding");
    return credentials.apply(headers);
  }
}
