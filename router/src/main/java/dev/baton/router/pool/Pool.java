package dev.baton.router.pool;

import dev.baton.router.endpoint.EndpointState;
import java.util.List;
import java.util.Set;

/**
 * A set of endpoints serving the same models, as one YAML {@code pools} entry declares it. Immutable;
 * a config reload builds a new pool that reuses the {@link EndpointState}s of endpoints that stay.
 *
 * @param name the pool's name in YAML
 * @param models model names this pool answers for (the request's {@code model} selects the pool)
 * @param endpoints every endpoint of the pool, whatever its role
 * @param disaggregation when the pool splits prefill from decode
 */
public record Pool(
    String name, Set<String> models, List<EndpointState> endpoints, Disaggregation disaggregation) {

  public Pool {
    models = Set.copyOf(models);
    endpoints = List.copyOf(endpoints);
  }

  public boolean serves(String model) {
    return models.contains(model);
  }
}
