package dev.baton.server.epp;

import io.envoyproxy.envoy.extensions.filters.http.ext_proc.v3.ProcessingMode.BodySendMode;

/**
 * How the picker reads a gateway's ext_proc streams.
 *
 * @param requestBodyMode the request body mode assumed when Envoy does not say (Envoy 1.35 and
 *     later send {@code protocol_config} on the first message; older ones do not):
 *     FULL_DUPLEX_STREAMED, as the Inference Extension requires, unless the operator says otherwise
 * @param responseBodyMode the response body mode assumed likewise
 * @param earlyBody STREAMED only, when Envoy does not say: Envoy sends the body without waiting for
 *     the headers' answer ({@code send_body_without_waiting_for_header_response}), so the pick can
 *     read it
 * @param maxBodyBytes the largest request body read for a pick; a larger one is refused with 413
 */
public record StreamSettings(BodySendMode requestBodyMode, BodySendMode responseBodyMode,
    boolean earlyBody, long maxBodyBytes) {

  public static final StreamSettings DEFAULTS = new StreamSettings(BodySendMode.FULL_DUPLEX_STREAMED,
      BodySendMode.FULL_DUPLEX_STREAMED, false, 4L * 1024 * 1024);
}
