package dev.baton.server.config;

import dev.baton.transfer.handoff.DialectName;
import java.util.List;

/**
 * One YAML {@code pools} entry: workers that serve the same models.
 *
 * @param name the pool's name, unique
 * @param models model names this pool serves; each model belongs to one pool
 * @param dialect how prefill hands the KV cache to decode: {@code nixl}, {@code lmcache} or
 *     {@code none} (default {@code none}: every request is served aggregated)
 * @param disaggregation when and how to split prefill from decode
 * @param endpoints the workers
 */
public record PoolConfig(
    String name,
    List<String> models,
    DialectName dialect,
    DisaggregationConfig disaggregation,
    List<EndpointConfig> endpoints) {

  public PoolConfig {
    models = models == null ? List.of() : List.copyOf(models);
    dialect = dialect == null ? DialectName.NONE : dialect;
    disaggregation = disaggregation == null ? DisaggregationConfig.OFF : disaggregation;
    endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
  }
}
