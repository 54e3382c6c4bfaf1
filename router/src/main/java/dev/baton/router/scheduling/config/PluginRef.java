package dev.baton.router.scheduling.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A profile's use of a plugin.
 *
 * @param pluginRef the {@code name} of an entry in {@code scheduling.plugins}
 * @param weight how much a scorer's [0, 1] output counts in the sum (default 1; ignored for filters
 *     and pickers); must be >= 0
 */
public record PluginRef(String pluginRef, double weight) {

  /** Lets YAML leave {@code weight} out. */
  @JsonCreator
  public static PluginRef of(
      @JsonProperty("pluginRef") String pluginRef, @JsonProperty("weight") Double weight) {
    return new PluginRef(pluginRef, weight == null ? 1.0 : weight);
  }

  public static PluginRef of(String pluginRef) {
    return new PluginRef(pluginRef, 1.0);
  }
}
