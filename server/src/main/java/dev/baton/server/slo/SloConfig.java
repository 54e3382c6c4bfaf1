package dev.baton.server.slo;

import dev.baton.router.latency.SloTarget;
import java.util.Map;

/**
 * The YAML {@code slo} section: latency objectives for requests that send no SLO headers
 * ({@code x-llm-d-slo-ttft-ms}, {@code x-llm-d-slo-tpot-ms}, or the older {@code x-slo-*}). A
 * header wins over every default for its measure; otherwise the tenant's default, then the
 * model's, then {@code defaults}. The latency plugins (docs/scheduling.md) act on the result.
 *
 * @param defaults the objective of every request (default none)
 * @param models objectives by requested model name
 * @param tenants objectives by tenant (the API key's tenant, or the tenant header)
 */
public record SloConfig(
    SloObjective defaults, Map<String, SloObjective> models, Map<String, SloObjective> tenants) {

  public static final SloConfig NONE = new SloConfig(null, null, null);

  public SloConfig {
    defaults = defaults == null ? new SloObjective(null, null) : defaults;
    models = models == null ? Map.of() : Map.copyOf(models);
    tenants = tenants == null ? Map.of() : Map.copyOf(tenants);
  }

  /**
   * The objective of a request for {@code model} by {@code tenant} that sent {@code fromHeaders}:
   * each measure from the headers, else the tenant's default, else the model's, else the default.
   */
  public SloTarget targetFor(SloTarget fromHeaders, String model, String tenant) {
    SloTarget target = fromHeaders;
    SloObjective byTenant = tenant == null ? null : tenants.get(tenant);
    if (byTenant != null) {
      target = target.orElse(byTenant.target());
    }
    SloObjective byModel = model == null ? null : models.get(model);
    if (byModel != null) {
      target = target.orElse(byModel.target());
    }
    return target.orElse(defaults.target());
  }
}
