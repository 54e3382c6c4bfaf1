package dev.baton.server.metrics;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a worker's answer as it is relayed, for its tokens and usage, and says what of each chunk
 * the client gets. A stream is cut into whole events ({@link SseEventSplitter}): each event with
 * generated output is a token for TTFT and inter-token gaps, its {@code usage} is kept, and the
 * closing usage chunk is dropped when Baton asked for it on the client's behalf. A JSON answer is
 * passed on as it comes while {@link JsonUsageReader} looks for its {@code usage}; its first chunk
 * is its first token.
 */
public abstract sealed class AnswerReader {

  /** An event larger than this is passed on in pieces, unread (vLLM's are well under a KB). */
  static final int MAX_EVENT_BYTES = 1 << 20;

  /** A streamed answer; {@code stripUsage} drops its usage-only chunk. */
  public static AnswerReader stream(RequestRecord record, boolean stripUsage) {
    return new Stream(record, stripUsage);
  }

  /** A whole (JSON) answer. */
  public static AnswerReader json(RequestRecord record) {
    return new Json(record);
  }

  /** Reads a chunk; returns what the client gets of it now. */
  public abstract Buffer chunk(Buffer chunk);

  /** The answer ended: records its usage; returns what is still to be written, or null. */
  public abstract Buffer end();

  private static final class Stream extends AnswerReader {
    private final RequestRecord record;
    private final boolean stripUsage;
    private final SseEventSplitter splitter = new SseEventSplitter(MAX_EVENT_BYTES);
    /** What of the current chunk the client gets, in order; reused from chunk to chunk. */
    private final List<Buffer> kept = new ArrayList<>();
    private final SseEventSplitter.Sink sink = new SseEventSplitter.Sink() {
      @Override
      public void accept(SseEventSplitter.Piece kind, Buffer bytes) {
        piece(kind, bytes);
      }

      @Override
      public void event(Buffer chunk, HeapBytes bytes, int from, int to) {
        inPlace(chunk, bytes, from, to);
      }
    };
    private final EventScanner scanner = new EventScanner();
    private boolean dropped;
    /**
     * The kept events of the current chunk read where they lie, one run of its bytes not sliced yet:
     * most chunks go on whole, and then no event needs a buffer of its own.
     */
    private int runFrom;
    private int runTo;
    /** The chunk being read, while it is. */
    private Buffer current;
    /**
     * When the current chunk's first token was read, on the record's clock; its other events came
     * with it, so they take this reading too: one clock read per chunk, not per event (31 per
     * answer when a worker's answer arrives in one chunk).
     */
    private long chunkNanos;
    private boolean chunkTimed;

    Stream(RequestRecord record, boolean stripUsage) {
      record.onAnswerStart(true);
      this.record = record;
      this.stripUsage = stripUsage;
    }

    @Override
    public Buffer chunk(Buffer chunk) {
      kept.clear();
      dropped = false;
      runFrom = 0;
      runTo = 0;
      current = chunk;
      chunkTimed = false;
      boolean whole = splitter.feed(chunk, sink);
      current = null;
      if (whole && !dropped) {
        return chunk; // every byte goes on as it came: no copy
      }
      keepRun(chunk);
      if (kept.size() == 1) {
        return kept.get(0);
      }
      Buffer out = Buffer.buffer(chunk.length());
      kept.forEach(out::appendBuffer);
      return out;
    }

    private void inPlace(Buffer chunk, HeapBytes bytes, int from, int to) {
      if (read(StreamEvent.of(chunk, bytes, from, to, scanner))) {
        if (runTo != from) {
          keepRun(chunk);
          runFrom = from;
        }
        runTo = to;
      }
    }

    private void piece(SseEventSplitter.Piece piece, Buffer bytes) {
      keepRun(current);
      if (piece == SseEventSplitter.Piece.RAW || read(StreamEvent.of(bytes, scanner))) {
        kept.add(bytes);
      }
    }

    /** Records what the event says; false when the client does not get it. */
    private boolean read(StreamEvent event) {
      record.onUsage(event.usage());
      if (event.tokens() > 0) {
        if (!chunkTimed) {
          chunkNanos = record.nanoTime();
          chunkTimed = true;
        }
        record.onTokens(event.tokens(), chunkNanos);
      }
      if (stripUsage && event.kind() == StreamEvent.Kind.USAGE_ONLY) {
        dropped = true;
        return false;
      }
      return true;
    }

    /** Adds the run of kept bytes read in place, if any, to what the client gets. */
    private void keepRun(Buffer chunk) {
      if (runTo > runFrom) {
        kept.add(chunk.slice(runFrom, runTo));
        runFrom = runTo;
      }
    }

    @Override
    public Buffer end() {
      return splitter.rest();
    }
  }

  private static final class Json extends AnswerReader {
    private final RequestRecord record;
    private final JsonUsageReader usage = new JsonUsageReader();

    Json(RequestRecord record) {
      record.onAnswerStart(false);
      this.record = record;
    }

    @Override
    public Buffer chunk(Buffer chunk) {
      record.onFirstToken();
      usage.feed(chunk);
      // At once, not at the end: the request may be recorded as ended before the relay's last step.
      record.onUsage(usage.usage());
      return chunk;
    }

    @Override
    public Buffer end() {
      return null;
    }
  }
}
