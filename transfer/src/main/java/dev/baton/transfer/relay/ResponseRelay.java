package dev.baton.transfer.relay;

import dev.baton.transfer.error.OpenAiError;
import dev.baton.transfer.error.UpstreamFailure;
import dev.baton.transfer.sse.SseEvents;
import dev.baton.transfer.upstream.Deadline;
import dev.baton.transfer.upstream.RelayedHeaders;
import dev.baton.transfer.upstream.UpstreamCall;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import java.time.Duration;

/**
 * Copies a worker's response to the client as it arrives: what arrived in one event-loop turn is
 * written (and so flushed) at that turn's end ({@link TurnWrites}), nothing is held longer, and when
 * the client's write queue is full the worker's response is paused until it drains, so a slow
 * reader holds back the worker instead of filling Baton's memory.
 */
public record ResponseRelay(Vertx vertx, RelayCounters counters) {

  /**
   * Relays {@code upstream} to the client. Status and end-to-end headers pass through (not the
   * worker's {@code Server}); the request id is returned. An error answer (400 and up) goes through
   * {@link ErrorAnswerRelay}. Never fails: the outcome says how it ended.
   *
   * @param idleTimeout the longest silence allowed between two chunks (the request's policy)
   */
  public Future<RelayOutcome> relay(UpstreamCall call, HttpClientResponse upstream, Downstream down,
      Duration idleTimeout) {
    if (upstream.statusCode() >= 400) {
      return ErrorAnswerRelay.relay(vertx, idleTimeout, call, upstream, down);
    }
    return new Pipe(call, upstream, down, idleTimeout).start();
  }

  /** The state of one relay; all callbacks run on the request's event loop. */
  private final class Pipe {
    private final UpstreamCall call;
    private final HttpClientResponse upstream;
    private final Downstream down;
    private final HttpServerResponse response;
    private final Promise<RelayOutcome> outcome = Promise.promise();
    private boolean eventStream;
    private final Duration idleTimeout;
    private final TurnWrites writes;
    private Deadline idle;
    private boolean paused;
    private boolean endsOnEventBoundary = true;

    Pipe(UpstreamCall call, HttpClientResponse upstream, Downstream down, Duration idleTimeout) {
      this.call = call;
      this.idleTimeout = idleTimeout;
      this.upstream = upstream;
      this.down = down;
      this.response = down.response();
      this.writes = new TurnWrites(vertx.getOrCreateContext(), response, this::checkWriteQueue);
    }

    Future<RelayOutcome> start() {
      if (down.gone()) {
        return clientGone();
      }
      response.setStatusCode(upstream.statusCode());
      response.setStatusMessage(upstream.statusMessage());
      RelayedHeaders.Framing framing = RelayedHeaders.copy(upstream.headers(), response.headers());
      eventStream = SseEvents.isEventStream(framing.contentType());
      response.putHeader(Downstream.REQUEST_ID, down.requestId());
      String length = framing.contentLength();
      if (length != null && !eventStream) {
        response.putHeader(HttpHeaders.CONTENT_LENGTH, length);
      } else if (down.version() != HttpVersion.HTTP_2) {
        response.setChunked(true);
      }
      down.listener().onAnswerStart(upstream.statusCode(), eventStream);
      idle = Deadline.start(vertx, idleTimeout, this::onIdle);
      down.onGone(this::clientGone);
      down.onInterrupt(this::interrupt);
      upstream.handler(this::onChunk);
      upstream.exceptionHandler(err -> failMidStream(UpstreamFailure.of(err)));
      upstream.endHandler(v -> finish(RelayOutcome.COMPLETED, () -> {
        Buffer last = TurnWrites.joined(writes.take(), down.listener().onAnswerEnd());
        if (last == null || last.length() == 0) {
          response.end();
        } else {
          response.end(last);
        }
      }));
      if (eventStream) {
        // The head goes out by the end of this turn: the client sees the stream open before the
        // first token, and when the answer's first bytes came with the head, in the same write.
        writes.headAtTurnEnd();
      }
      return outcome.future();
    }

    private void onChunk(Buffer chunk) {
      if (outcome.future().isComplete()) {
        return;
      }
      idle.restart();
      Buffer out = down.listener().onChunk(chunk);
      if (out.length() == 0) {
        return; // held back (part of an event) or dropped: nothing to write, nothing to wait for
      }
      endsOnEventBoundary = endsWithBlankLine(out);
      writes.add(out);
    }

    /** After a write: pauses the worker while the client's write queue is full. */
    private void checkWriteQueue() {
      if (!paused && response.writeQueueFull()) {
        paused = true;
        counters.paused();
        upstream.pause();
        response.drainHandler(
            v -> {
              if (paused) {
                paused = false;
                counters.resumed();
                upstream.resume();
              }
            });
      }
    }

    /**
     * The worker was silent for the idle timeout: every chunk restarts the deadline. A paused
     * stream is silent because of our client, not the worker, so it gets another full timeout.
     */
    private void onIdle() {
      if (outcome.future().isComplete()) {
        return;
      }
      if (paused) {
        idle.restart();
        return;
      }
      failMidStream(
          new UpstreamFailure(UpstreamFailure.Kind.TIMEOUT, "worker stream idle for " + idleTimeout));
    }

    private void failMidStream(UpstreamFailure failure) {
      if (outcome.future().isComplete()) {
        return;
      }
      if (down.gone()) {
        // Our own abort after the client left surfaces here as a reset: not the worker's fault.
        clientGone();
        return;
      }
      counters.midStreamFailure();
      endEarly(RelayOutcome.UPSTREAM_FAILED, failure.toError(down.requestId()), failure);
    }

    /** Baton itself stops the stream (shutdown ran out of time): same ending, not the worker's fault. */
    private void interrupt(OpenAiError reason) {
      if (!outcome.future().isComplete()) {
        endEarly(RelayOutcome.INTERRUPTED, reason,
            new UpstreamFailure(UpstreamFailure.Kind.CANCELLED, "Baton is shutting down"));
      }
    }

    private void endEarly(RelayOutcome result, OpenAiError error, UpstreamFailure abortReason) {
      finish(
          result,
          () -> {
            if (eventStream) {
              Buffer tail = Buffer.buffer();
              Buffer unwritten = writes.take();
              if (unwritten != null) {
                tail.appendBuffer(unwritten);
              }
              if (!endsOnEventBoundary) {
                tail.appendString("\n\n");
              }
              tail.appendBuffer(SseEvents.error(error)).appendBuffer(SseEvents.done());
              response.end(tail);
            } else {
              // A truncated JSON body cannot be repaired; closing tells the client it is incomplete.
              writes.discard();
              response.reset();
            }
          });
      // After finishing, so the reset this causes finds the relay already ended.
      call.abort(abortReason);
    }

    private Future<RelayOutcome> clientGone() {
      if (!outcome.future().isComplete()) {
        counters.clientAborted();
        writes.discard();
        call.abort();
        finish(RelayOutcome.CLIENT_GONE, () -> {});
      }
      return outcome.future();
    }

    private void finish(RelayOutcome result, Runnable last) {
      if (outcome.future().isComplete()) {
        return;
      }
      if (idle != null) {
        idle.cancel();
      }
      if (paused) {
        paused = false;
        counters.resumed();
      }
      outcome.complete(result);
      if (!response.ended() && !response.closed()) {
        last.run();
      }
    }
  }

  private static boolean endsWithBlankLine(Buffer chunk) {
    int n = chunk.length();
    return n >= 2 && chunk.getByte(n - 1) == '\n' && chunk.getByte(n - 2) == '\n';
  }
}
