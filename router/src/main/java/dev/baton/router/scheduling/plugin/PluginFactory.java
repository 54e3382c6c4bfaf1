package dev.baton.router.scheduling.plugin;

import dev.baton.router.scheduling.SchedulerState;

/**
 * Builds one plugin type from its YAML {@code parameters}. Register a factory with a {@link
 * PluginRegistry} under the {@code type} name operators write.
 */
@FunctionalInterface
public interface PluginFactory {

  /**
   * Creates the plugin. Read every parameter through {@code parameters}, which names the plugin and
   * key in its errors and rejects keys the factory did not read.
   *
   * @param state long-lived state (prefix index, sessions, clock, random) to share across reloads
   * @throws IllegalArgumentException for a bad parameter value
   */
  Plugin create(Parameters parameters, SchedulerState state);
}
