package dev.baton.server.epp;

import com.google.protobuf.ByteString;
import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.envoyproxy.envoy.config.core.v3.HeaderMap;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.config.core.v3.Metadata;
import io.envoyproxy.envoy.extensions.filters.http.ext_proc.v3.ProcessingMode.BodySendMode;
import io.envoyproxy.envoy.service.ext_proc.v3.CommonResponse;
import io.envoyproxy.envoy.service.ext_proc.v3.HttpBody;
import io.envoyproxy.envoy.service.ext_proc.v3.HttpHeaders;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingRequest;
import io.envoyproxy.envoy.service.ext_proc.v3.ProtocolConfiguration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The messages Envoy's ext_proc filter sends (headers with {@code raw_value}, as Envoy 1.35 does),
 * and readers of the picker's answers.
 */
final class EnvoyMessages {
  private EnvoyMessages() {}

  /** The request headers of {@code POST path}, with what Envoy adds itself. */
  static ProcessingRequest.Builder requestHeaders(String path, Map<String, String> extra,
      boolean endOfStream) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(":method", "POST");
    headers.put(":scheme", "http");
    headers.put(":authority", "gateway.example");
    headers.put(":path", path);
    headers.put("content-type", "application/json");
    headers.put("x-request-id", "req-" + System.nanoTime());
    headers.putAll(extra);
    return ProcessingRequest.newBuilder().setRequestHeaders(
        HttpHeaders.newBuilder().setHeaders(map(headers)).setEndOfStream(endOfStream));
  }

  /** What Envoy 1.35+ puts on the first message: the body modes it runs. */
  static ProtocolConfiguration protocol(BodySendMode request, BodySendMode response,
      boolean earlyBody) {
    return ProtocolConfiguration.newBuilder().setRequestBodyMode(request)
        .setResponseBodyMode(response).setSendBodyWithoutWaitingForHeaderResponse(earlyBody).build();
  }

  /** The gateway's subset hint in filter metadata. */
  static Metadata subsetHint(List<String> endpoints) {
    ListValue.Builder list = ListValue.newBuilder();
    endpoints.forEach(e -> list.addValues(Value.newBuilder().setStringValue(e)));
    return Metadata.newBuilder().putFilterMetadata(GatewayHeaders.SUBSET_NAMESPACE,
        Struct.newBuilder().putFields(GatewayHeaders.SUBSET,
            Value.newBuilder().setListValue(list).build()).build()).build();
  }

  static ProcessingRequest requestBody(String chunk, boolean endOfStream) {
    return ProcessingRequest.newBuilder().setRequestBody(HttpBody.newBuilder()
        .setBody(ByteString.copyFromUtf8(chunk)).setEndOfStream(endOfStream)).build();
  }

  /** The upstream's response headers; {@code served} in metadata when not null. */
  static ProcessingRequest responseHeaders(int status, String contentType, String served) {
    ProcessingRequest.Builder b = ProcessingRequest.newBuilder().setResponseHeaders(
        HttpHeaders.newBuilder().setHeaders(map(Map.of(":status", Integer.toString(status),
            "content-type", contentType))));
    if (served != null) {
      b.setMetadataContext(Metadata.newBuilder().putFilterMetadata(GatewayHeaders.LB_NAMESPACE,
          Struct.newBuilder().putFields(GatewayHeaders.SERVED,
              Value.newBuilder().setStringValue(served).build()).build()));
    }
    return b.build();
  }

  static ProcessingRequest responseBody(String chunk, boolean endOfStream) {
    return ProcessingRequest.newBuilder().setResponseBody(HttpBody.newBuilder()
        .setBody(ByteString.copyFromUtf8(chunk)).setEndOfStream(endOfStream)).build();
  }

  /** A header the answer sets, if it sets it. */
  static Optional<String> setHeader(CommonResponse response, String name) {
    return response.getHeaderMutation().getSetHeadersList().stream()
        .map(HeaderValueOption::getHeader)
        .filter(h -> h.getKey().equalsIgnoreCase(name))
        .map(h -> h.getRawValue().toStringUtf8())
        .findFirst();
  }

  /** The picked endpoints in the answer's dynamic metadata ({@code envoy.lb}). */
  static String metadataDestination(io.envoyproxy.envoy.service.ext_proc.v3.ProcessingResponse r) {
    return r.getDynamicMetadata().getFieldsOrThrow(GatewayHeaders.LB_NAMESPACE).getStructValue()
        .getFieldsOrThrow(GatewayHeaders.DESTINATION).getStringValue();
  }

  private static HeaderMap map(Map<String, String> headers) {
    HeaderMap.Builder map = HeaderMap.newBuilder();
    headers.forEach((k, v) -> map.addHeaders(
        HeaderValue.newBuilder().setKey(k).setRawValue(ByteString.copyFromUtf8(v))));
    return map.build();
  }
}
