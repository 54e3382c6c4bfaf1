package dev.baton.transfer.relay;

import dev.baton.transfer.error.OpenAiError;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The client side of one exchange: its response and the news that the client left. Vert.x allows one
 * close handler per response; this class owns it and fans the event out to every leg that needs to
 * abort (a prefill in flight, a decode being relayed). Used on the request's event loop only.
 */
public final class Downstream {
  /**
   * The header that carries the request id to the client and to workers, built once: a prebuilt
   * name is hashed and validated once, not on each of the several sets and reads per request.
   */
  public static final CharSequence REQUEST_ID = HttpHeaders.createOptimized("x-request-id");

  private final HttpServerResponse response;
  private final String requestId;
  private final HttpVersion version;
  /** Sized for the usual two (the call's abort, the relay's end), not a default list's ten. */
  private final List<Runnable> goneListeners = new ArrayList<>(2);
  private Consumer<OpenAiError> interruption;
  private final ExchangeListener listener;
  private boolean gone;

  public Downstream(HttpServerRequest request, String requestId) {
    this(request, requestId, ExchangeListener.NONE);
  }

  /** A client side whose exchange reports chunks and leg events to {@code listener}. */
  public Downstream(HttpServerRequest request, String requestId, ExchangeListener listener) {
    this.listener = listener == null ? ExchangeListener.NONE : listener;
    this.response = request.response();
    this.requestId = requestId;
    this.version = request.version();
    response.closeHandler(v -> leave());
    // The close handler covers a closed connection and, on HTTP/2, a reset stream; the exception
    // handler catches write failures on a connection that is going away.
    response.exceptionHandler(err -> leave());
  }

  public HttpServerResponse response() {
    return response;
  }

  /** The client's protocol: chunked encoding only exists before HTTP/2. */
  public HttpVersion version() {
    return version;
  }

  /** Who hears about this exchange's chunks and legs. */
  public ExchangeListener listener() {
    return listener;
  }

  public String requestId() {
    return requestId;
  }

  /** True once the client closed the connection or reset the stream. */
  public boolean gone() {
    return gone || response.closed();
  }

  /** Runs the action when the client leaves, or now if it already has. */
  public void onGone(Runnable action) {
    if (gone()) {
      action.run();
    } else {
      goneListeners.add(action);
    }
  }

  /**
   * Names who can end this exchange early with an error of Baton's own (the relay of a stream that
   * has started); the last one set wins, as only one leg relays to the client at a time.
   */
  public void onInterrupt(Consumer<OpenAiError> action) {
    interruption = action;
  }

  /**
   * Ends the exchange now because Baton stops (graceful shutdown ran out of time): a stream being
   * relayed gets {@code reason} as its error event and {@code [DONE]}. Run on the request's event
   * loop.
   *
   * @return false when nothing is relaying yet (the caller closes the connection instead)
   */
  public boolean interrupt(OpenAiError reason) {
    Consumer<OpenAiError> action = interruption;
    if (action == null || gone()) {
      return false;
    }
    action.accept(reason);
    return true;
  }

  private void leave() {
    if (gone || response.ended()) {
      gone = true;
      return;
    }
    gone = true;
    List<Runnable> listeners = List.copyOf(goneListeners);
    goneListeners.clear();
    listeners.forEach(Runnable::run);
  }
}
