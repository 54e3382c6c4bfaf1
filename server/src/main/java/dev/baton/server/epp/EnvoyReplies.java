package dev.baton.server.epp;

import com.google.protobuf.ByteString;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.baton.transfer.error.OpenAiError;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption.HeaderAppendAction;
import io.envoyproxy.envoy.service.ext_proc.v3.BodyMutation;
import io.envoyproxy.envoy.service.ext_proc.v3.BodyResponse;
import io.envoyproxy.envoy.service.ext_proc.v3.CommonResponse;
import io.envoyproxy.envoy.service.ext_proc.v3.HeaderMutation;
import io.envoyproxy.envoy.service.ext_proc.v3.HeadersResponse;
import io.envoyproxy.envoy.service.ext_proc.v3.ImmediateResponse;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingResponse;
import io.envoyproxy.envoy.service.ext_proc.v3.StreamedBodyResponse;
import io.envoyproxy.envoy.type.v3.HttpStatus;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The {@code ProcessingResponse}s the picker sends back to Envoy. */
final class EnvoyReplies {
  private EnvoyReplies() {}

  /** Request headers go on unchanged (BUFFERED and STREAMED answer them before the body). */
  static ProcessingResponse continueRequestHeaders() {
    return ProcessingResponse.newBuilder()
        .setRequestHeaders(HeadersResponse.newBuilder().setResponse(CommonResponse.getDefaultInstance()))
        .build();
  }

  static ProcessingResponse continueResponseHeaders() {
    return ProcessingResponse.newBuilder()
        .setResponseHeaders(HeadersResponse.newBuilder().setResponse(CommonResponse.getDefaultInstance()))
        .build();
  }

  /**
   * The request headers' answer carrying the pick: the header mutation, a cleared route cache (the
   * route is chosen again with the new header) and the same endpoints in dynamic metadata.
   */
  static ProcessingResponse pickedHeaders(Pick.Routed routed, long contentLength) {
    return ProcessingResponse.newBuilder()
        .setRequestHeaders(HeadersResponse.newBuilder().setResponse(
            CommonResponse.newBuilder()
                .setHeaderMutation(mutation(routed, contentLength))
                .setClearRouteCache(true)))
        .setDynamicMetadata(metadata(routed))
        .build();
  }

  /**
   * BUFFERED: the body's answer carries the pick (Envoy still holds the headers), and the rewritten
   * body when the model name changed ({@code rewritten} null otherwise).
   */
  static ProcessingResponse pickedBody(Pick.Routed routed, byte[] rewritten) {
    CommonResponse.Builder common = CommonResponse.newBuilder()
        .setHeaderMutation(mutation(routed, rewritten == null ? -1 : rewritten.length))
        .setClearRouteCache(true);
    if (rewritten != null) {
      common.setBodyMutation(BodyMutation.newBuilder().setBody(ByteString.copyFrom(rewritten)));
    }
    return ProcessingResponse.newBuilder()
        .setRequestBody(BodyResponse.newBuilder().setResponse(common))
        .setDynamicMetadata(metadata(routed))
        .build();
  }

  /** A body chunk answered without change (STREAMED, BUFFERED). */
  static ProcessingResponse continueBody(boolean request) {
    BodyResponse body = BodyResponse.newBuilder()
        .setResponse(CommonResponse.getDefaultInstance()).build();
    ProcessingResponse.Builder b = ProcessingResponse.newBuilder();
    return (request ? b.setRequestBody(body) : b.setResponseBody(body)).build();
  }

  /** STREAMED: a request chunk replaced (the whole rewritten body in the first, nothing after). */
  static ProcessingResponse replacedRequestChunk(ByteString with) {
    BodyMutation mutation = with.isEmpty()
        ? BodyMutation.newBuilder().setClearBody(true).build()
        : BodyMutation.newBuilder().setBody(with).build();
    return ProcessingResponse.newBuilder()
        .setRequestBody(BodyResponse.newBuilder()
            .setResponse(CommonResponse.newBuilder().setBodyMutation(mutation)))
        .build();
  }

  /** FULL_DUPLEX_STREAMED: Envoy forwards only the body the processor sends back. */
  static ProcessingResponse streamedBody(boolean request, ByteString chunk, boolean endOfStream) {
    BodyResponse body = BodyResponse.newBuilder()
        .setResponse(CommonResponse.newBuilder().setBodyMutation(BodyMutation.newBuilder()
            .setStreamedResponse(StreamedBodyResponse.newBuilder()
                .setBody(chunk).setEndOfStream(endOfStream))))
        .build();
    ProcessingResponse.Builder b = ProcessingResponse.newBuilder();
    return (request ? b.setRequestBody(body) : b.setResponseBody(body)).build();
  }

  /** Ends the HTTP request at the gateway with an OpenAI-shaped error (503, 429, 400...). */
  static ProcessingResponse immediate(OpenAiError error, Map<String, String> headers) {
    HeaderMutation.Builder h = HeaderMutation.newBuilder()
        .addSetHeaders(header("content-type", "application/json"));
    headers.forEach((k, v) -> h.addSetHeaders(header(k, v)));
    return ProcessingResponse.newBuilder()
        .setImmediateResponse(ImmediateResponse.newBuilder()
            .setStatus(HttpStatus.newBuilder().setCodeValue(error.status()))
            .setHeaders(h)
            .setBody(ByteString.copyFrom(error.toJson().toString(), StandardCharsets.UTF_8))
            .setDetails("baton_epp_" + (error.code() == null ? error.status() : error.code())))
        .build();
  }

  private static HeaderMutation mutation(Pick.Routed routed, long contentLength) {
    HeaderMutation.Builder m = HeaderMutation.newBuilder()
        .addSetHeaders(header(GatewayHeaders.DESTINATION, routed.destination()));
    if (routed.prefiller() != null) {
      m.addSetHeaders(header(GatewayHeaders.PREFILLER, routed.prefiller()));
    } else {
      // A client's own header must not steer a sidecar to a prefill host of its choosing.
      m.addRemoveHeaders(GatewayHeaders.PREFILLER);
    }
    if (contentLength >= 0) {
      m.addSetHeaders(header("content-length", Long.toString(contentLength)));
    }
    return m.build();
  }

  private static Struct metadata(Pick.Routed routed) {
    Struct endpoints = Struct.newBuilder()
        .putFields(GatewayHeaders.DESTINATION,
            Value.newBuilder().setStringValue(routed.destination()).build())
        .build();
    return Struct.newBuilder()
        .putFields(GatewayHeaders.LB_NAMESPACE, Value.newBuilder().setStructValue(endpoints).build())
        .build();
  }

  private static HeaderValueOption header(String name, String value) {
    return HeaderValueOption.newBuilder()
        .setHeader(HeaderValue.newBuilder().setKey(name)
            .setRawValue(ByteString.copyFrom(value, StandardCharsets.UTF_8)))
        .setAppendAction(HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD)
        .build();
  }
}
