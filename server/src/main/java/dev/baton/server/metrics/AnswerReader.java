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
    private final SseEventSplitter.Sink sink = this::piece;
    private final EventScanner scanner = new EventScanner();
    private boolean dropped;

    Stream(RequestRecord record, boolean stripUsage) {
      record.onAnswerStart(true);
      this.record = record;
      this.stripUsage = stripUsage;
    }

    @Override
    public Buffer chunk(Buffer chunk) {
      kept.clear();
      dropped = false;
      boolean whole = splitter.feed(chunk, sink);
      if (whole && !dropped) {
        return chunk; // every byte goes on as it came: no copy
      }
      if (kept.size() == 1) {
        return kept.get(0);
      }
      Buffer out = Buffer.buffer(chunk.length());
      kept.forEach(out::appendBuffer);
      return out;
    }

    private void piece(SseEventSplitter.Piece piece, Buffer bytes) {
      if (piece == SseEventSplitter.Piece.RAW) {
        kept.add(bytes);
        return;
      }
      StreamEvent event = StreamEvent.of(bytes, scanner);
      record.onUsage(event.usage());
      record.onTokens(event.tokens());
      if (stripUsage && event.kind() == StreamEvent.Kind.USAGE_ONLY) {
        dropped = true;
      } else {
        kept.add(bytes);
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
