package dev.baton.router.scheduling.config;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One entry of {@code scheduling.plugins}: a configured plugin instance that profiles refer to.
 *
 * @param name how profiles refer to it ({@code pluginRef}); defaults to {@code type}
 * @param type the plugin type, e.g. {@code prefix-cache}; see docs/scheduling.md
 * @param parameters the type's own settings, or null for its defaults
 */
public record PluginSpec(String name, String type, JsonNode parameters) {

  public PluginSpec {
    if (name == null || name.isBlank()) {
      name = type;
    }
  }

  public static PluginSpec of(String type) {
    return new PluginSpec(type, type, null);
  }
}
