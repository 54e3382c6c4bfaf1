package dev.baton.transfer.handoff;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.transfer.error.UpstreamFailure;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/**
 * How the prefill leg ended; exactly one of the shapes below.
 *
 * @param answer the prefill's parsed JSON answer (2xx), else null
 * @param handle the KV handle found in it, or null
 * @param clientError a 400-451 answer to return to the client as is, else null
 * @param clientErrorHeaders that answer's headers
 * @param failure why no prefill worker answered usefully, else null
 * @param cancelled the client left during the leg
 */
record PrefillOutcome(
    ObjectNode answer,
    KvHandle handle,
    HttpAnswer clientError,
    UpstreamFailure failure,
    boolean cancelled) {

  /** A worker's complete answer. */
  record HttpAnswer(int status, MultiMap headers, Buffer body) {}

  static PrefillOutcome handedOff(ObjectNode answer, KvHandle handle) {
    return new PrefillOutcome(answer, handle, null, null, false);
  }

  static PrefillOutcome noHandle(ObjectNode answer) {
    return new PrefillOutcome(answer, null, null, null, false);
  }

  static PrefillOutcome refused(HttpAnswer answer) {
    return new PrefillOutcome(null, null, answer, null, false);
  }

  static PrefillOutcome failed(UpstreamFailure failure) {
    return new PrefillOutcome(null, null, null, failure, false);
  }

  static PrefillOutcome cancelledByClient() {
    return new PrefillOutcome(null, null, null, null, true);
  }
}
