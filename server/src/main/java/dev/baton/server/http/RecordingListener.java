package dev.baton.server.http;

import dev.baton.server.metrics.RequestRecord;
import dev.baton.transfer.handoff.PrefillResult;
import dev.baton.transfer.relay.ExchangeListener;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;

/**
 * Feeds what the transfer layer sees of one exchange into the request's {@link RequestRecord}. A
 * streamed answer counts its SSE events as tokens; a whole answer only marks its first byte, since
 * its tokens arrive together.
 */
record RecordingListener(RequestRecord record, boolean stream) implements ExchangeListener {

  @Override
  public void onChunk(Buffer chunk) {
    if (stream) {
      record.onStreamChunk(chunk);
    } else {
      record.onFirstToken();
    }
  }

  @Override
  public void onPrefillEnd(long nanos, PrefillResult outcome) {
    record.onPrefillLeg(Duration.ofNanos(nanos), outcome);
  }

  @Override
  public void onDecodeStart() {
    record.onDecodeStart();
  }
}
