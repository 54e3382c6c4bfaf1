package dev.baton.transfer.relay;

import io.netty.buffer.Unpooled;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.internal.buffer.BufferInternal;

/**
 * What a relay writes to its client, gathered over one event-loop turn and written at the turn's
 * end. Every write to a socket is a system call (on loopback it also runs the receiver's TCP
 * path), and a worker's answer often arrives as its head and several chunks handled in the same
 * turn: written as they came, a 33-event answer cost three or four writes (head, chunks, the
 * chunked encoding's end); gathered, it costs one, and the response's end carries the bytes read
 * with it. Nothing waits for input that has not arrived: the turn ends as soon as the event loop
 * has handled the I/O that was ready, so an event is never held for the next one.
 *
 * <p>Used on the request's event loop only.
 */
final class TurnWrites {
  private final Context context;
  private final HttpServerResponse response;
  private final Runnable afterWrite;
  private Buffer pending;
  private boolean scheduled;
  private boolean done;

  /**
   * @param context the request's event-loop context, where the turn's end runs
   * @param afterWrite runs after each write (the relay's check of the client's write queue)
   */
  TurnWrites(Context context, HttpServerResponse response, Runnable afterWrite) {
    this.context = context;
    this.response = response;
    this.afterWrite = afterWrite;
  }

  /** Sends the head at the end of this turn if no bytes go with it by then (an event stream's). */
  void headAtTurnEnd() {
    schedule();
  }

  /** Queues {@code bytes} for the end of this turn. */
  void add(Buffer bytes) {
    pending = pending == null ? bytes : joined(pending, bytes);
    schedule();
  }

  /**
   * The bytes not written yet (null when none); nothing is written by this object afterwards: the
   * caller ends the response with them.
   */
  Buffer take() {
    done = true;
    Buffer out = pending;
    pending = null;
    return out;
  }

  /** Forgets what is queued: the client is gone. */
  void discard() {
    done = true;
    pending = null;
  }

  /**
   * {@code first} followed by {@code second}, neither modified nor copied: a composite of the two
   * (a socket writes its parts with one gathering write), so joining a turn's chunks costs no copy
   * of the answer.
   */
  static Buffer joined(Buffer first, Buffer second) {
    if (first == null || first.length() == 0) {
      return second;
    }
    if (second == null || second.length() == 0) {
      return first;
    }
    if (first instanceof BufferInternal a && second instanceof BufferInternal b) {
      return BufferInternal.buffer(Unpooled.wrappedBuffer(a.getByteBuf(), b.getByteBuf()));
    }
    return Buffer.buffer(first.length() + second.length()).appendBuffer(first).appendBuffer(second);
  }

  private void schedule() {
    if (!scheduled && !done) {
      scheduled = true;
      context.runOnContext(v -> turnEnded());
    }
  }

  private void turnEnded() {
    scheduled = false;
    if (done || response.ended() || response.closed()) {
      return;
    }
    Buffer out = pending;
    pending = null;
    if (out != null) {
      response.write(out);
      afterWrite.run();
    } else if (!response.headWritten()) {
      response.writeHead();
    }
  }
}
