package dev.baton.router.scheduling.plugin;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Plugin factories keyed by {@code type}. Immutable; {@link #with} returns a copy with one more type,
 * so an embedding application can add its own plugins next to the built-in ones.
 */
public final class PluginRegistry {
  private final Map<String, PluginFactory> factories;

  private PluginRegistry(Map<String, PluginFactory> factories) {
    this.factories = factories;
  }

  public static PluginRegistry empty() {
    return new PluginRegistry(Map.of());
  }

  /** A copy with {@code type} added; replacing an existing type is an error. */
  public PluginRegistry with(String type, PluginFactory factory) {
    if (factories.containsKey(type)) {
      throw new IllegalArgumentException("plugin type already registered: " + type);
    }
    Map<String, PluginFactory> copy = new TreeMap<>(factories);
    copy.put(type, factory);
    return new PluginRegistry(Map.copyOf(copy));
  }

  public Optional<PluginFactory> factory(String type) {
    return Optional.ofNullable(factories.get(type));
  }

  public Set<String> types() {
    return new TreeMap<>(factories).keySet();
  }
}
