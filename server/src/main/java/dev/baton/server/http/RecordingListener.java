package dev.baton.server.http;

import dev.baton.server.metrics.AnswerReader;
import dev.baton.server.metrics.RequestRecord;
import dev.baton.transfer.call.AttemptReport;
import dev.baton.transfer.handoff.PrefillResult;
import dev.baton.transfer.relay.ExchangeListener;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;

/**
 * Feeds what the transfer layer sees of one exchange into the request's {@link RequestRecord}:
 * attempts, legs, and the answer's tokens and usage, read by an {@link AnswerReader} as it is
 * relayed (which also drops the usage chunk Baton asked for on the client's behalf).
 */
final class RecordingListener implements ExchangeListener {
  private final RequestRecord record;
  private final boolean stripUsage;
  private AnswerReader answer;

  /**
   * @param stripUsage Baton added {@code stream_options.include_usage}: the client did not ask for
   *     the usage chunk, so it does not get it
   */
  RecordingListener(RequestRecord record, boolean stripUsage) {
    this.record = record;
    this.stripUsage = stripUsage;
  }

  @Override
  public void onAnswerStart(int status, boolean eventStream) {
    answer = eventStream ? AnswerReader.stream(record, stripUsage) : AnswerReader.json(record);
  }

  @Override
  public Buffer onChunk(Buffer chunk) {
    return answer == null ? chunk : answer.chunk(chunk);
  }

  @Override
  public Buffer onAnswerEnd() {
    return answer == null ? null : answer.end();
  }

  @Override
  public void onWholeAnswer(int status, Buffer body) {
    if (status < 400) {
      onAnswerStart(status, false);
      answer.chunk(body);
      answer.end();
    }
  }

  @Override
  public void onAttempt(AttemptReport attempt) {
    record.onAttempt(attempt);
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
