package dev.baton.server.epp;

import com.google.protobuf.ByteString;
import dev.baton.router.endpoint.InFlightLease;
import dev.baton.router.pool.Pool;
import dev.baton.router.scheduling.RoutingPlan;
import dev.baton.server.admission.Permit;
import dev.baton.server.metrics.AnswerReader;
import dev.baton.server.metrics.RequestOutcome;
import dev.baton.server.metrics.RequestRecord;
import dev.baton.server.metrics.Usage;
import io.vertx.core.buffer.Buffer;

/**
 * A picked request while the gateway carries it. It holds what the proxy would hold for its own
 * call: the admission permit, an in-flight lease on the decode endpoint (moved to the endpoint that
 * served when the gateway fell back) and one on the prefill endpoint until the answer starts; and it
 * feeds the request's record (first token, tokens streamed, status). Called on the stream's loop.
 */
final class GatewayExchange implements PickedRequest {
  private final Pool pool;
  private final long tokens;
  private final Permit permit;
  private final RequestRecord record;
  private InFlightLease decode;
  private InFlightLease prefill;
  private int status;
  private AnswerReader answer;
  private boolean ended;

  GatewayExchange(Pool pool, RoutingPlan plan, long tokens, Permit permit, RequestRecord record) {
    this.pool = pool;
    this.tokens = tokens;
    this.permit = permit;
    this.record = record;
    this.decode = plan.decode().acquire(tokens);
    this.prefill = plan.prefillEndpoint().map(p -> p.acquire(tokens)).orElse(null);
  }

  @Override
  public void served(String endpoint) {
    if (ended || EndpointAddress.of(decode.endpoint()).equals(endpoint)) {
      return;
    }
    EndpointAddress.find(pool, endpoint).ifPresent(other -> {
      decode.release();
      decode = other.acquire(tokens);
    });
  }

  @Override
  public void responseHeaders(int status, boolean eventStream) {
    this.status = status;
    // The gateway relays the bytes; Baton reads them for tokens and usage (an error is no tokens).
    this.answer = status >= 400 ? null
        : eventStream ? AnswerReader.stream(record, false) : AnswerReader.json(record);
    // The prefill leg is over once the decode side answers.
    releasePrefill();
    record.onDecodeStart();
  }

  @Override
  public void responseChunk(ByteString chunk) {
    if (ended || chunk.isEmpty()) {
      return;
    }
    if (answer != null) {
      answer.chunk(Buffer.buffer(chunk.toByteArray()));
    }
  }

  @Override
  public void end(boolean complete) {
    if (ended) {
      return;
    }
    ended = true;
    decode.release();
    releasePrefill();
    permit.release();
    RequestOutcome outcome = !complete ? RequestOutcome.CLIENT_GONE
        : status >= 500 ? RequestOutcome.UPSTREAM_ERROR
        : status >= 400 ? RequestOutcome.REJECTED : RequestOutcome.SUCCESS;
    record.onEnd(status, outcome, Usage.UNKNOWN);
  }

  private void releasePrefill() {
    if (prefill != null) {
      prefill.release();
      prefill = null;
    }
  }
}
