package dev.baton.router.scheduling.config;

import java.util.List;

/**
 * One entry of {@code scheduling.schedulingProfiles}: the filters, weighted scorers and the single
 * picker used for one phase. The phase selects the profile by name: {@code decode} (also used for
 * aggregated requests) and {@code prefill} (optional; falls back to {@code decode}).
 *
 * @param name {@code decode} or {@code prefill}
 * @param plugins references to configured plugins, in the order filters run
 */
public record ProfileSpec(String name, List<PluginRef> plugins) {

  public ProfileSpec {
    plugins = plugins == null ? List.of() : List.copyOf(plugins);
  }
}
