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
 * @param loraAdapters the names among {@code models} that are LoRA adapters rather than base models:
 *     a request naming one runs that adapter, which the {@code lora-affinity} scorer sends where it is
 *     already loaded
 */
public record Pool(String name, Set<String> models, List<EndpointState> endpoints,
    Disaggregation disaggregation, Set<String> loraAdapters) {

  public Pool {
    models = Set.copyOf(models);
    endpoints = List.copyOf(endpoints);
    loraAdapters = loraAdapters == null ? Set.of() : Set.copyOf(loraAdapters);
  }

  /** A pool that serves base models only. */
  public Pool(String name, Set<String> models, List<EndpointState> endpoints,
      Disaggregation disaggregation) {
    this(name, models, endpoints, disaggregation, Set.of());
  }

  /** The LoRA adapter a request for {@code model} runs, or null when it names a base model. */
  public String loraAdapterOf(String model) {
    return loraAdapters.contains(model) ? model : null;
  }

  public boolean serves(String model) {
    return models.contains(model);
  }
}
