package dev.baton.bench.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.bench.sse.ChunkScanner;
import dev.baton.bench.sse.SseLineSplitter;
import dev.baton.bench.workload.Prompt;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One streaming request: sends the body, reads the SSE answer line by line as it arrives, times the
 * first content chunk and the gaps between content chunks, and classifies how it ended. It never
 * holds more than one partial line of the stream. Must be started on a Vert.x context: the timeout
 * timer and the response handlers then run there.
 */
public final class StreamingExchange {

  /** Longest SSE line accepted; a chunk is a few hundred bytes, an error event a few KiB. */
  private static final int MAX_LINE_BYTES = 1 << 20;

  private static final int DETAIL_BYTES = 300;

  private final Vertx vertx;
  private final HttpClient client;
  private final RequestOptions options;
  private final Buffer body;
  private final Prompt prompt;
  private final ChunkScanner scanner;
  private final ObjectMapper mapper;
  private final String contentKey;
  private final long timeoutMillis;
  private final ExchangeObserver observer;
  private final AtomicBoolean finished = new AtomicBoolean();
  private final StringBuilder answer;

  private long startNanos;
  private long firstTokenNanos;
  private long lastTokenNanos;
  private long doneNanos;
  private long contentChunks;
  private long usageCompletionTokens = -1;
  private long usagePromptTokens = -1;
  private long usageCachedTokens = -1;
  private String streamError;
  private long timerId = -1;
  private volatile HttpClientRequest request;

  /**
   * @param endpoint which API the body is for (selects the content key)
   * @param collectAnswer whether to parse content chunks and keep the answer text (multi-turn)
   */
  public StreamingExchange(
      Vertx vertx,
      HttpClient client,
      RequestOptions options,
      Buffer body,
      Prompt prompt,
      ApiEndpoint endpoint,
      ChunkScanner scanner,
      ObjectMapper mapper,
      boolean collectAnswer,
      long timeoutMillis,
      ExchangeObserver observer) {
    this.vertx = vertx;
    this.client = client;
    this.options = options;
    this.body = body;
    this.prompt = prompt;
    this.scanner = scanner;
    this.mapper = mapper;
    this.contentKey = endpoint.contentKey();
    this.timeoutMillis = timeoutMillis;
    this.observer = observer;
    this.answer = collectAnswer ? new StringBuilder() : null;
  }

  /** Sends the request; the observer hears about the end exactly once, within the timeout. */
  public void start() {
    startNanos = System.nanoTime();
    timerId = vertx.setTimer(timeoutMillis, id -> onTimeout());
    client
        .request(options)
        .onComplete(
            connected -> {
              if (connected.failed()) {
                finish(ErrorKind.CONNECT, describe(connected.cause()));
                return;
              }
              HttpClientRequest req = connected.result();
              request = req;
              if (finished.get()) {
                // The timeout fired while we waited for a connection.
                req.reset();
                return;
              }
              req.send(body)
                  .onComplete(
                      responded -> {
                        if (responded.failed()) {
                          finish(ErrorKind.INCOMPLETE, describe(responded.cause()));
                        } else {
                          onResponse(responded.result());
                        }
                      });
            });
  }

  private void onResponse(HttpClientResponse response) {
    int status = response.statusCode();
    if (status < 200 || status > 299) {
      // Error bodies are drained so the connection can be reused; only their start is kept.
      ErrorKind kind = ErrorKind.ofStatus(status);
      Buffer sample = Buffer.buffer();
      response.handler(
          chunk -> {
            int room = DETAIL_BYTES - sample.length();
            if (room > 0) {
              sample.appendBuffer(chunk, 0, Math.min(room, chunk.length()));
            }
          });
      response.exceptionHandler(failure -> finish(kind, "HTTP " + status));
      response.endHandler(ended -> finish(kind, "HTTP " + status + ": " + sample));
      return;
    }
    SseLineSplitter splitter = new SseLineSplitter(this::onLine, MAX_LINE_BYTES);
    response.handler(
        chunk -> {
          if (finished.get()) {
            return;
          }
          try {
            splitter.feed(chunk);
          } catch (RuntimeException e) {
            finish(ErrorKind.INCOMPLETE, describe(e));
            abort();
          }
        });
    response.exceptionHandler(failure -> finish(ErrorKind.INCOMPLETE, describe(failure)));
    response.endHandler(ended -> onEnd());
  }

  private void onLine(Buffer line, int start, int end) {
    int payload = ChunkScanner.dataStart(line, start, end);
    if (payload < 0) {
      return;
    }
    int flags = scanner.classify(line, payload, end);
    long now = System.nanoTime();
    if ((flags & ChunkScanner.DONE) != 0) {
      doneNanos = now;
      return;
    }
    if ((flags & ChunkScanner.ERROR) != 0) {
      if (streamError == null) {
        streamError = line.getString(payload, Math.min(end, payload + DETAIL_BYTES));
      }
      return;
    }
    if ((flags & ChunkScanner.CONTENT) != 0) {
      contentChunks++;
      if (firstTokenNanos == 0) {
        firstTokenNanos = now;
      } else {
        observer.interTokenGap(now - lastTokenNanos);
      }
      lastTokenNanos = now;
      if (answer != null) {
        appendAnswer(line, payload, end);
      }
    }
    if ((flags & ChunkScanner.USAGE) != 0) {
      readUsage(line, payload, end);
    }
  }

  private void onEnd() {
    if (streamError != null) {
      finish(ErrorKind.STREAM_ERROR, streamError);
    } else if (doneNanos == 0) {
      finish(ErrorKind.INCOMPLETE, "stream ended without [DONE]");
    } else {
      finish(null, null);
    }
  }

  private void onTimeout() {
    timerId = -1;
    if (finish(ErrorKind.TIMEOUT, "no [DONE] within " + timeoutMillis + " ms")) {
      abort();
    }
  }

  private void abort() {
    HttpClientRequest req = request;
    if (req != null) {
      // On HTTP/1.1 a reset closes the connection, which also stops the server's work.
      req.reset();
    }
  }

  private boolean finish(ErrorKind error, String detail) {
    if (!finished.compareAndSet(false, true)) {
      return false;
    }
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
    }
    long end = error == null ? doneNanos : System.nanoTime();
    long outputTokens = usageCompletionTokens >= 0 ? usageCompletionTokens : contentChunks;
    observer.finished(
        new ExchangeResult(
            prompt,
            error,
            detail,
            firstTokenNanos == 0 ? -1 : firstTokenNanos - startNanos,
            end - startNanos,
            outputTokens,
            usagePromptTokens,
            usageCachedTokens,
            answer == null || error != null ? null : answer.toString()));
    return true;
  }

  private void readUsage(Buffer line, int start, int end) {
    JsonNode usage = parse(line, start, end).path("usage");
    usageCompletionTokens = usage.path("completion_tokens").asLong(usageCompletionTokens);
    usagePromptTokens = usage.path("prompt_tokens").asLong(usagePromptTokens);
    usageCachedTokens =
        usage.path("prompt_tokens_details").path("cached_tokens").asLong(usageCachedTokens);
  }

  private void appendAnswer(Buffer line, int start, int end) {
    JsonNode choice = parse(line, start, end).path("choices").path(0);
    JsonNode text =
        contentKey.equals("text") ? choice.path("text") : choice.path("delta").path("content");
    if (text.isTextual()) {
      answer.append(text.asText());
    }
  }

  private JsonNode parse(Buffer line, int start, int end) {
    try {
      return mapper.readTree(line.getBytes(start, end));
    } catch (IOException e) {
      // A chunk we cannot parse still counted by its bytes; only its details are lost.
      return mapper.missingNode();
    }
  }

  private static String describe(Throwable failure) {
    String message = failure.getMessage();
    return failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
