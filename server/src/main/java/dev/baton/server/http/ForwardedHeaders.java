package dev.baton.server.http;

import dev.baton.server.auth.RoutingHeaders;
import dev.baton.server.auth.UpstreamCredentials;
import dev.baton.transfer.relay.Downstream;
import dev.baton.transfer.upstream.HopByHop;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import java.util.Set;

/**
 * The headers a client request carries on to its workers: end-to-end headers minus routing headers
 * a client may not set and forwarding claims, cookies and keys meant for Baton; with Baton's own
 * {@code X-Forwarded-For}/{@code -Proto} from the socket and the pool's worker credentials instead
 * of the client's.
 */
final class ForwardedHeaders {

  /**
   * Headers only the client's side of Baton may read: forwarding claims a client could forge
   * ({@code Forwarded}, {@code X-Forwarded-*}, {@code X-Real-IP} and kin), which a worker or its
   * proxy would trust as Baton's word, and the client's own credentials and cookies for Baton,
   * which are no business of a worker.
   */
  private static final Set<String> CLIENT_ONLY = Set.of("forwarded", "x-real-ip", "x-client-ip",
      "true-client-ip", "cf-connecting-ip", "x-cluster-client-ip", "cookie", "x-api-key");

  private static final CharSequence FORWARDED_FOR = HttpHeaders.createOptimized("x-forwarded-for");
  private static final CharSequence FORWARDED_PROTO = HttpHeaders.createOptimized("x-forwarded-proto");
  private static final CharSequence HTTPS = HttpHeaders.createOptimized("https");
  private static final CharSequence HTTP = HttpHeaders.createOptimized("http");

  private ForwardedHeaders() {}

  /**
   * Whether a header, named in lower case, stays on the client's side of Baton; so does
   * {@code Accept-Encoding}: Baton reads some answers (prefill legs) and relays streams chunk by
   * chunk, so it keeps them plain.
   */
  private static boolean notForwarded(String lower) {
    return CLIENT_ONLY.contains(lower) || lower.startsWith("x-forwarded-")
        || RoutingHeaders.isRoutingLowerCase(lower) || lower.equals("accept-encoding");
  }

  /** Without worker credentials: the client's {@code Authorization} is dropped. */
  static MultiMap of(HttpServerRequest request, String requestId) {
    return of(request, requestId, UpstreamCredentials.NONE);
  }

  static MultiMap of(HttpServerRequest request, String requestId, UpstreamCredentials credentials) {
    // One pass over the client's headers: this runs for every request and every leg.
    MultiMap headers = HopByHop.endToEnd(request.headers(), ForwardedHeaders::notForwarded);
    // Who connected, as Baton saw the socket: a worker that logs or limits by client sees the truth.
    // The connection's address: the request's own (Vert.x Web's wrapper) works out the forwarded
    // scheme, host and address on first use, though the router trusts no forwarding header.
    HttpConnection connection = request.connection();
    SocketAddress peer = connection.remoteAddress();
    if (peer != null && peer.hostAddress() != null) {
      headers.set(FORWARDED_FOR, peer.hostAddress());
    }
    // The connection's too: the wrapper's isSSL() has it work out the forwarded view as well.
    headers.set(FORWARDED_PROTO, connection.isSsl() ? HTTPS : HTTP);
    headers.set(Downstream.REQUEST_ID, requestId);
    return credentials.apply(headers);
  }
}
