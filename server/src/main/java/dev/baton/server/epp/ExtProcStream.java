package dev.baton.server.epp;

import com.google.protobuf.ByteString;
import dev.baton.transfer.error.OpenAiError;
import io.envoyproxy.envoy.extensions.filters.http.ext_proc.v3.ProcessingMode.BodySendMode;
import io.envoyproxy.envoy.service.ext_proc.v3.HttpBody;
import io.envoyproxy.envoy.service.ext_proc.v3.HttpHeaders;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingRequest;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingResponse;
import io.envoyproxy.envoy.service.ext_proc.v3.TrailersResponse;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.grpc.server.GrpcServerRequest;
import io.vertx.grpc.server.GrpcServerResponse;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One ext_proc stream, that is one HTTP request through the gateway. The request body is read
 * until its end (bounded), the picker decides, and the answers go back in the order Envoy expects:
 * request headers, request body, then response headers and response body chunks as they pass.
 *
 * <p>FULL_DUPLEX_STREAMED: the headers' answer waits for the body's end; it carries the pick, then
 * the body goes back as streamed chunks (Envoy forwards only what the processor returns).
 * BUFFERED: the headers are answered at once, the pick rides on the body's answer. STREAMED: with
 * the body sent early, like FULL_DUPLEX_STREAMED but each chunk is answered in place; without it,
 * the pick is made on the headers alone. Everything runs on the stream's event loop.
 */
final class ExtProcStream {
  private final Context context;
  private final GrpcServerRequest<ProcessingRequest, ProcessingResponse> call;
  private final GrpcServerResponse<ProcessingRequest, ProcessingResponse> out;
  private final EndpointPicker picker;
  private final StreamSettings settings;
  private BodyModes modes;
  private Map<String, String> headers = Map.of();
  private Optional<Set<String>> subset = Optional.empty();
  private ByteString body = ByteString.EMPTY;
  /** STREAMED with an early body: chunks received before the pick, each owed an answer. */
  private int heldChunks;
  private boolean picking;
  private boolean requestTrailersOwed;
  private boolean refused;
  private PickedRequest picked;
  private boolean closed;
  private final Promise<Void> gone = Promise.promise();

  private ExtProcStream(GrpcServerRequest<ProcessingRequest, ProcessingResponse> call,
      EndpointPicker picker, StreamSettings settings) {
    this.context = Vertx.currentContext();
    this.call = call;
    this.out = call.response();
    this.picker = picker;
    this.settings = settings;
  }

  /** Serves one {@code Process} call. */
  static void serve(GrpcServerRequest<ProcessingRequest, ProcessingResponse> call,
      EndpointPicker picker, StreamSettings settings) {
    ExtProcStream stream = new ExtProcStream(call, picker, settings);
    call.handler(stream::onMessage);
    call.endHandler(v -> {
      stream.close();
      stream.out.end();
    });
    call.exceptionHandler(err -> stream.close());
    call.errorHandler(err -> stream.close());
    stream.out.exceptionHandler(err -> stream.close());
    stream.out.drainHandler(v -> call.resume());
  }

  private void onMessage(ProcessingRequest m) {
    if (modes == null) {
      modes = BodyModes.of(m, settings);
    }
    switch (m.getRequestCase()) {
      case REQUEST_HEADERS -> onRequestHeaders(m);
      case REQUEST_BODY -> onRequestBody(m.getRequestBody());
      case REQUEST_TRAILERS -> {
        if (picking) {
          requestTrailersOwed = true;
        } else {
          send(trailersAnswer(true));
        }
      }
      case RESPONSE_HEADERS -> onResponseHeaders(m);
      case RESPONSE_BODY -> onResponseBody(m);
      case RESPONSE_TRAILERS -> send(trailersAnswer(false));
      default -> { }
    }
  }

  private void onRequestHeaders(ProcessingRequest m) {
    HttpHeaders h = m.getRequestHeaders();
    headers = GatewayHeaders.of(h.getHeaders());
    subset = GatewayHeaders.subset(m.getMetadataContext());
    if (h.getEndOfStream()) {
      pick(PickStage.HEADERS, false);
    } else if (!modes.pickAfterBody()) {
      pick(PickStage.HEADERS, true);
    } else if (modes.request() == BodySendMode.BUFFERED
        || modes.request() == BodySendMode.BUFFERED_PARTIAL) {
      send(EnvoyReplies.continueRequestHeaders());
    }
  }

  private void onRequestBody(HttpBody chunk) {
    if (picked != null || refused) {
      // STREAMED, picked on the headers: the body passes untouched.
      send(EnvoyReplies.continueBody(true));
      return;
    }
    if (body.size() + (long) chunk.getBody().size() > settings.maxBodyBytes()) {
      refuse(Pick.Refused.of(OpenAiError.payloadTooLarge(settings.maxBodyBytes())));
      return;
    }
    body = body.concat(chunk.getBody());
    boolean last = chunk.getEndOfStream();
    switch (modes.request()) {
      case FULL_DUPLEX_STREAMED -> {
        if (last) {
          pick(PickStage.DUPLEX_BODY, false);
        }
      }
      case STREAMED -> {
        heldChunks++;
        if (last) {
          pick(PickStage.STREAMED_BODY, false);
        }
      }
      // BUFFERED_PARTIAL sends what it buffered in one message, not always the end.
      default -> pick(PickStage.BUFFERED_BODY, false);
    }
  }

  private void pick(PickStage stage, boolean bodyless) {
    picking = true;
    picker.pick(new PickRequest(headers, body, bodyless, subset), gone.future())
        .onComplete(ar -> {
          if (Vertx.currentContext() == context) {
            answer(stage, ar);
          } else {
            context.runOnContext(v -> answer(stage, ar));
          }
        });
  }

  private void answer(PickStage stage, AsyncResult<Pick> result) {
    picking = false;
    Pick pick = result.succeeded() ? result.result()
        : Pick.Refused.of(OpenAiError.internal("endpoint picker failed: " + result.cause()));
    if (closed) {
      if (pick instanceof Pick.Routed routed) {
        routed.request().end(false);
      }
      return;
    }
    switch (pick) {
      case Pick.Refused r -> refuse(r);
      case Pick.Routed routed -> {
        picked = routed.request();
        stage.answers(routed, body, heldChunks).forEach(this::send);
        heldChunks = 0;
        if (requestTrailersOwed) {
          requestTrailersOwed = false;
          send(trailersAnswer(true));
        }
      }
    }
    body = ByteString.EMPTY;
  }

  private void refuse(Pick.Refused refusal) {
    refused = true;
    body = ByteString.EMPTY;
    send(EnvoyReplies.immediate(refusal.error(), refusal.headers()));
  }

  private void onResponseHeaders(ProcessingRequest m) {
    HttpHeaders h = m.getResponseHeaders();
    if (picked != null) {
      Map<String, String> response = GatewayHeaders.of(h.getHeaders());
      GatewayHeaders.served(m.getMetadataContext(), response).ifPresent(picked::served);
      String contentType = response.getOrDefault("content-type", "");
      picked.responseHeaders(status(response.get(":status")),
          contentType.contains("text/event-stream"));
    }
    send(EnvoyReplies.continueResponseHeaders());
    if (h.getEndOfStream() && picked != null) {
      picked.end(true);
    }
  }

  private void onResponseBody(ProcessingRequest m) {
    HttpBody chunk = m.getResponseBody();
    if (picked != null) {
      GatewayHeaders.served(m.getMetadataContext(), Map.of()).ifPresent(picked::served);
      picked.responseChunk(chunk.getBody());
    }
    send(modes.response() == BodySendMode.FULL_DUPLEX_STREAMED
        ? EnvoyReplies.streamedBody(false, chunk.getBody(), chunk.getEndOfStream())
        : EnvoyReplies.continueBody(false));
    if (chunk.getEndOfStream() && picked != null) {
      picked.end(true);
    }
  }

  private void send(ProcessingResponse response) {
    if (closed) {
      return;
    }
    out.write(response);
    if (out.writeQueueFull()) {
      // Envoy reads slower than it sends: stop reading until what was answered has left.
      call.pause();
    }
  }

  private void close() {
    if (closed) {
      return;
    }
    closed = true;
    gone.tryComplete();
    if (picked != null) {
      picked.end(false);
    }
  }

  private static ProcessingResponse trailersAnswer(boolean request) {
    ProcessingResponse.Builder b = ProcessingResponse.newBuilder();
    return (request ? b.setRequestTrailers(TrailersResponse.getDefaultInstance())
        : b.setResponseTrailers(TrailersResponse.getDefaultInstance())).build();
  }

  private static int status(String value) {
    try {
      return value == null ? 0 : Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
