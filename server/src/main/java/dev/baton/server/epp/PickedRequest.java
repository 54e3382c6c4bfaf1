package dev.baton.server.epp;

import com.google.protobuf.ByteString;

/**
 * A routed request while the gateway carries it: what Envoy reports of its answer comes back here,
 * so the picked endpoint's in-flight counts and the request's metrics follow the real exchange.
 */
interface PickedRequest {

  /** The endpoint that actually served ({@code ip:port}), when the gateway fell back down the list. */
  void served(String endpoint);

  /** The answer's status line and whether it streams server-sent events. */
  void responseHeaders(int status, boolean eventStream);

  /** A chunk of the answer passed through the gateway (first token, token count). */
  void responseChunk(ByteString chunk);

  /** The exchange is over; {@code complete} when the answer ended normally. Only the first counts. */
  void end(boolean complete);
}
