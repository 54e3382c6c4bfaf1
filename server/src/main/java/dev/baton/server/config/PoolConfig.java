package dev.baton.server.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * One YAML {@code pools} entry: workers that serve the same models.
 *
 * @param name the pool's name, unique
 * @param models model names this pool serves; each model belongs to one pool
 * @param dialect how prefill hands the KV cache to decode, a name registered in transfer's
 *     {@code Dialects}: {@code nixl}, {@code lmcache} or {@code none} (default {@code none}: every
 *     request is served aggregated); any case
 * @param disaggregation when and how to split prefill from decode
 * @param endpoints the workers
 * @param upstreamApiKey sent to this pool's workers as {@code Authorization: Bearer <key>} (vLLM's
 *     {@code --api-key}); may be an environment reference such as {@code ${VLLM_API_KEY}}. Absent:
 *     workers get no {@code Authorization} header.
 * @param forwardClientAuthorization pass the client's own {@code Authorization} header on to the
 *     workers when no {@code upstreamApiKey} is set (default false: a client key never leaves Baton)
 * @param policy the name of the {@code policies} set (timeouts, retries, breakers) for calls to this
 *     pool's workers (default {@code default}); a mapping written inline in the YAML becomes the set
 *     {@code pool:<name>} and this names it
 * @param loraAdapters the names in {@code models} that are LoRA adapters served on top of a base
 *     model (vLLM's {@code --lora-modules}); requests for one prefer workers that have it loaded
 *     (the {@code lora-affinity} scorer). Default: none, every model is a base model.
 * @param endpointSource where the endpoint list comes from: {@code {type: static}} (the default)
 *     serves {@code endpoints}; other registered types ({@code dns}, {@code kubernetes}...) discover
 *     it, their settings beside {@code type} (docs/config.md)
 * @param kvEvents subscribe to the endpoints' vLLM KV-cache events (absent: approximate prefix
 *     matching only); with it, the default profiles match prefixes with {@code precise-prefix-cache}
 * @param tokenizer where prompt token ids come from for precise matching (default {@code engine})
 * @param aliases further names clients may use, each mapped to one of {@code models}: a request for
 *     an alias is routed to this pool and reaches the worker under the served name (vLLM answers 404
 *     for a name it does not serve); {@code /v1/models} lists the alias beside the served name
 * @param scheduling this pool's own plugins and profiles over the global {@code scheduling}
 *     section (absent: the global section decides for this pool)
 */
public record PoolConfig(
    String name,
    List<String> models,
    String dialect,
    DisaggregationConfig disaggregation,
    List<EndpointConfig> endpoints,
    String upstreamApiKey,
    Boolean forwardClientAuthorization,
    String policy,
    List<String> loraAdapters,
    EndpointSourceSpec endpointSource,
    KvEventsConfig kvEvents,
    TokenizerConfig tokenizer,
    Map<String, String> aliases,
    PoolSchedulingConfig scheduling) {

  /** A pool without KV-event subscriptions. */
  public PoolConfig(String name, List<String> models, String dialect,
      DisaggregationConfig disaggregation, List<EndpointConfig> endpoints, String upstreamApiKey,
      Boolean forwardClientAuthorization, String policy, List<String> loraAdapters,
      EndpointSourceSpec endpointSource) {
    this(name, models, dialect, disaggregation, endpoints, upstreamApiKey,
        forwardClientAuthorization, policy, loraAdapters, endpointSource, null, null);
  }

  /** A pool without aliases. */
  public PoolConfig(String name, List<String> models, String dialect,
      DisaggregationConfig disaggregation, List<EndpointConfig> endpoints, String upstreamApiKey,
      Boolean forwardClientAuthorization, String policy, List<String> loraAdapters,
      EndpointSourceSpec endpointSource, KvEventsConfig kvEvents, TokenizerConfig tokenizer) {
    this(name, models, dialect, disaggregation, endpoints, upstreamApiKey,
        forwardClientAuthorization, policy, loraAdapters, endpointSource, kvEvents, tokenizer,
        null);
  }

  /** A pool scheduled by the global section. */
  public PoolConfig(String name, List<String> models, String dialect,
      DisaggregationConfig disaggregation, List<EndpointConfig> endpoints, String upstreamApiKey,
      Boolean forwardClientAuthorization, String policy, List<String> loraAdapters,
      EndpointSourceSpec endpointSource, KvEventsConfig kvEvents, TokenizerConfig tokenizer,
      Map<String, String> aliases) {
    this(name, models, dialect, disaggregation, endpoints, upstreamApiKey,
        forwardClientAuthorization, policy, loraAdapters, endpointSource, kvEvents, tokenizer,
        aliases, null);
  }

  /** A pool whose workers need no credentials. */
  public PoolConfig(String name, List<String> models, String dialect,
      DisaggregationConfig disaggregation, List<EndpointConfig> endpoints) {
    this(name, models, dialect, disaggregation, endpoints, null, null, null, null, null);
  }

  /** A pool under the default policy set, without LoRA adapters. */
  public PoolConfig(String name, List<String> models, String dialect,
      DisaggregationConfig disaggregation, List<EndpointConfig> endpoints, String upstreamApiKey,
      Boolean forwardClientAuthorization) {
    this(name, models, dialect, disaggregation, endpoints, upstreamApiKey,
        forwardClientAuthorization, null, null);
  }

  /** A pool without LoRA adapters. */
  public PoolConfig(String name, List<String> models, String dialect,
      DisaggregationConfig disaggregation, List<EndpointConfig> endpoints, String upstreamApiKey,
      Boolean forwardClientAuthorization, String policy) {
    this(name, models, dialect, disaggregation, endpoints, upstreamApiKey,
        forwardClientAuthorization, policy, null);
  }

  /** A pool whose endpoints are its {@code endpoints} list (the static source). */
  public PoolConfig(String name, List<String> models, String dialect,
      DisaggregationConfig disaggregation, List<EndpointConfig> endpoints, String upstreamApiKey,
      Boolean forwardClientAuthorization, String policy, List<String> loraAdapters) {
    this(name, models, dialect, disaggregation, endpoints, upstreamApiKey,
        forwardClientAuthorization, policy, loraAdapters, null);
  }

  /**
   * The same pool served by {@code newEndpoints} alone: the static source and no KV-event
   * subscription (the demo's and a replay's simulated workers publish none).
   */
  public PoolConfig withEndpoints(List<EndpointConfig> newEndpoints) {
    return new PoolConfig(name, models, dialect, disaggregation, newEndpoints, upstreamApiKey,
        forwardClientAuthorization, policy, loraAdapters, null, null, tokenizer, aliases,
        scheduling);
  }

  /** The same pool under another policy set. */
  public PoolConfig withPolicy(String newPolicy) {
    return new PoolConfig(name, models, dialect, disaggregation, endpoints, upstreamApiKey,
        forwardClientAuthorization, newPolicy, loraAdapters, endpointSource, kvEvents, tokenizer,
        aliases, scheduling);
  }

  public PoolConfig {
    models = models == null ? List.of() : List.copyOf(models);
    dialect = dialect == null || dialect.isBlank() ? "none" : dialect.toLowerCase(Locale.ROOT);
    disaggregation = disaggregation == null ? DisaggregationConfig.OFF : disaggregation;
    endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
    upstreamApiKey = upstreamApiKey == null || upstreamApiKey.isBlank() ? null : upstreamApiKey;
    forwardClientAuthorization = Boolean.TRUE.equals(forwardClientAuthorization);
    endpointSource = endpointSource == null ? EndpointSourceSpec.DEFAULT : endpointSource;
    policy = policy == null || policy.isBlank() ? BatonConfig.DEFAULT_POLICY : policy;
    loraAdapters = loraAdapters == null ? List.of() : List.copyOf(loraAdapters);
    tokenizer = tokenizer == null ? TokenizerConfig.ENGINE : tokenizer;
    aliases = aliases == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(aliases));
  }

  /** The name the workers serve {@code model} under: an alias's target, else the name itself. */
  public String servedName(String model) {
    return aliases.getOrDefault(model, model);
  }

  /** Never prints the upstream key. */
  @Override
  public String toString() {
    return "PoolConfig[name=" + name + ", models=" + models + ", dialect=" + dialect
        + ", disaggregation=" + disaggregation + ", endpoints=" + endpoints + ", upstreamApiKey="
        + (upstreamApiKey == null ? "none" : "***") + ", forwardClientAuthorization="
        + forwardClientAuthorization + ", policy=" + policy + ", loraAdapters=" + loraAdapters
        + ", endpointSource=" + endpointSource + ", kvEvents=" + kvEvents + ", tokenizer=" + tokenizer
        + ", aliases=" + aliases + ", scheduling=" + scheduling + "]";
  }
}
