package dev.baton.server.epp;

import com.google.protobuf.ByteString;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the gateway told the picker about one HTTP request.
 *
 * @param headers request headers by lower-case name (pseudo-headers such as {@code :path} too)
 * @param body the whole request body; empty when the pick is made on the headers alone
 * @param bodyless true when the body is not available to the pick (STREAMED without early body,
 *     body mode NONE): the model comes from {@link GatewayHeaders#MODEL_NAME}
 * @param subset the gateway's subset hint: only these {@code ip:port} may be picked; empty when the
 *     gateway set no hint
 */
record PickRequest(Map<String, String> headers, ByteString body, boolean bodyless,
    Optional<Set<String>> subset) {
  PickRequest {
    headers = Map.copyOf(headers);
  }
}
