package dev.baton.server.http;

import dev.baton.transfer.upstream.HopByHop;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;

/** The headers a client request carries on to its workers. */
final class ForwardedHeaders {

  private ForwardedHeaders() {}

  static MultiMap of(HttpServerRequest request, String requestId) {
    MultiMap headers = HopByHop.endToEnd(request.headers());
    headers.set(RequestIds.HEADER, requestId);
    // Baton reads some answers (prefill legs) and relays streams chunk by chunk: keep them plain.
    headers.remove("accept-encoding");
    return headers;
  }
}
