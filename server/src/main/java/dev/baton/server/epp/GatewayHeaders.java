package dev.baton.server.epp;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.envoyproxy.envoy.config.core.v3.HeaderMap;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.config.core.v3.Metadata;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The names the Endpoint Picker protocol (Gateway API Inference Extension, proposal 004) and
 * llm-d's picker put on the wire, and reading them from Envoy's messages.
 */
public final class GatewayHeaders {
  /** The picked endpoints, {@code ip:port[,ip:port...]}: a request header and a metadata key. */
  public static final String DESTINATION = "x-gateway-destination-endpoint";
  /** The metadata namespace of the picked endpoints and of the endpoint that served. */
  public static final String LB_NAMESPACE = "envoy.lb";
  /** The filter-metadata namespace in which the gateway may restrict the candidates. */
  public static final String SUBSET_NAMESPACE = "envoy.lb.subset_hint";
  /** The key under {@link #SUBSET_NAMESPACE}: a list of {@code ip:port}. */
  public static final String SUBSET = "x-gateway-destination-endpoint-subset";
  /** The key under {@link #LB_NAMESPACE} (or a response header) naming the endpoint that served. */
  public static final String SERVED = "x-gateway-destination-endpoint-served";
  /** llm-d's header for the decode pod's sidecar: the prefill endpoint, {@code ip:port}. */
  public static final String PREFILLER = "x-prefiller-host-port";
  /** llm-d: the InferenceObjective of the request; Baton reads it as an admission class. */
  public static final String OBJECTIVE = "x-llm-d-inference-objective";
  /** llm-d: the fairness id, Baton's tenant for admission and rate limits. */
  public static final String FAIRNESS_ID = "x-llm-d-inference-fairness-id";
  /** llm-d: the model name the model server gets instead of the body's. */
  public static final String MODEL_REWRITE = "x-llm-d-model-name-rewrite";
  /** llm-d: the request's time-to-first-token objective in ms (read by the SLO work). */
  public static final String SLO_TTFT = "x-llm-d-slo-ttft-ms";
  /** llm-d: the request's time-per-output-token objective in ms (read by the SLO work). */
  public static final String SLO_TPOT = "x-llm-d-slo-tpot-ms";
  /** The model name a body-based router put in a header (for picks made before the body). */
  public static final String MODEL_NAME = "x-gateway-model-name";

  /** The older spellings llm-d still accepts, read when the current one is absent. */
  private static final Map<String, String> ALIASES = Map.of(
      OBJECTIVE, "x-gateway-inference-objective",
      FAIRNESS_ID, "x-gateway-inference-fairness-id",
      MODEL_REWRITE, "x-gateway-model-name-rewrite",
      SLO_TTFT, "x-slo-ttft-ms",
      SLO_TPOT, "x-slo-tpot-ms");

  private GatewayHeaders() {}

  /**
   * Envoy's headers by lower-case name; a repeated name keeps its first value. Envoy sends values in
   * {@code raw_value} (newer) or {@code value} (older).
   */
  public static Map<String, String> of(HeaderMap map) {
    Map<String, String> headers = new HashMap<>();
    for (HeaderValue h : map.getHeadersList()) {
      String value = h.getRawValue().isEmpty()
          ? h.getValue() : h.getRawValue().toString(StandardCharsets.UTF_8);
      headers.putIfAbsent(h.getKey().toLowerCase(Locale.ROOT), value);
    }
    return headers;
  }

  /** A header by its llm-d name, falling back to the deprecated alias; empty when blank. */
  public static Optional<String> read(Map<String, String> headers, String name) {
    String value = headers.get(name);
    if ((value == null || value.isBlank()) && ALIASES.containsKey(name)) {
      value = headers.get(ALIASES.get(name));
    }
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
  }

  /**
   * The subset hint: present (possibly empty) when the gateway set the key, else empty. A list of
   * strings, or one comma-separated string, is accepted.
   */
  public static Optional<Set<String>> subset(Metadata metadata) {
    Struct hint = metadata.getFilterMetadataMap().get(SUBSET_NAMESPACE);
    if (hint == null || !hint.containsFields(SUBSET)) {
      return Optional.empty();
    }
    Value value = hint.getFieldsOrThrow(SUBSET);
    Set<String> endpoints = new LinkedHashSet<>();
    if (value.hasListValue()) {
      value.getListValue().getValuesList().forEach(v -> addAll(endpoints, v.getStringValue()));
    } else {
      addAll(endpoints, value.getStringValue());
    }
    return Optional.of(endpoints);
  }

  /** The endpoint that served, from the metadata the gateway attaches to the response. */
  public static Optional<String> served(Metadata metadata, Map<String, String> responseHeaders) {
    Struct lb = metadata.getFilterMetadataMap().get(LB_NAMESPACE);
    if (lb != null && lb.containsFields(SERVED)) {
      String value = lb.getFieldsOrThrow(SERVED).getStringValue().strip();
      if (!value.isEmpty()) {
        return Optional.of(value);
      }
    }
    return read(responseHeaders, SERVED);
  }

  private static void addAll(Set<String> into, String commaSeparated) {
    for (String part : commaSeparated.split(",")) {
      if (!part.isBlank()) {
        into.add(part.strip());
      }
    }
  }
}
