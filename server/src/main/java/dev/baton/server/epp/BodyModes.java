package dev.baton.server.epp;

import io.envoyproxy.envoy.extensions.filters.http.ext_proc.v3.ProcessingMode.BodySendMode;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingRequest;

/**
 * The body modes one stream runs under: what Envoy announces on its first message ({@code
 * protocol_config}, Envoy 1.35 and later), else what the operator told the picker to assume.
 *
 * @param request how the request body comes
 * @param response how the response body comes
 * @param earlyBody STREAMED: the body comes without waiting for the headers' answer
 */
record BodyModes(BodySendMode request, BodySendMode response, boolean earlyBody) {

  static BodyModes of(ProcessingRequest first, StreamSettings settings) {
    if (first.hasProtocolConfig()) {
      var announced = first.getProtocolConfig();
      return new BodyModes(announced.getRequestBodyMode(), announced.getResponseBodyMode(),
          announced.getSendBodyWithoutWaitingForHeaderResponse());
    }
    return new BodyModes(settings.requestBodyMode(), settings.responseBodyMode(),
        settings.earlyBody());
  }

  /** Whether the pick waits for the request body (else it is made on the headers). */
  boolean pickAfterBody() {
    return switch (request) {
      case FULL_DUPLEX_STREAMED, BUFFERED, BUFFERED_PARTIAL -> true;
      case STREAMED -> earlyBody;
      default -> false;
    };
  }
}
