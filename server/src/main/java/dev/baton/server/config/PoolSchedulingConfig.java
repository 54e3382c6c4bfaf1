package dev.baton.server.config;

import dev.baton.router.scheduling.config.PluginSpec;
import dev.baton.router.scheduling.config.ProfileSpec;
import dev.baton.router.scheduling.config.SchedulingConfig;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * A pool's own {@code scheduling:} section, over the global one: its {@code plugins} are added to the
 * global plugins (one with the name of a global plugin replaces it), and each of its {@code
 * schedulingProfiles} replaces the global profile of the same name; what it does not name is
 * inherited. An embedding pool can so drop the prefix scorers its requests never benefit from,
 * while chat pools keep the global profiles.
 *
 * @param plugins plugin instances added or replaced, {@code {name, type, parameters}}
 * @param schedulingProfiles profiles ({@code decode}, {@code prefill}) replaced whole
 */
public record PoolSchedulingConfig(List<PluginSpec> plugins, List<ProfileSpec> schedulingProfiles) {

  public PoolSchedulingConfig {
    plugins = plugins == null ? List.of() : List.copyOf(plugins);
    schedulingProfiles = schedulingProfiles == null ? List.of() : List.copyOf(schedulingProfiles);
  }

  /**
   * The section a pool uses, with where each plugin and profile of it was written.
   *
   * @param config the merged section
   * @param paths where each entry of {@code config} was written
   */
  public record Merged(SchedulingConfig config, SchedulingEntryPaths paths) {

    /** The YAML key path of a problem found at {@code path} (relative to the merged section). */
    public String pathOf(String path, String sectionPath) {
      return paths.of(path, path.isEmpty() ? sectionPath : sectionPath + "." + path);
    }
  }

  /**
   * This section over {@code global}.
   *
   * @param at the pool's key path, e.g. {@code pools[1]}
   */
  public Merged over(SchedulingConfig global, String at) {
    List<PluginSpec> mergedPlugins = new ArrayList<>();
    List<String> pluginPaths = new ArrayList<>();
    overlay(global.plugins(), plugins, p -> p == null ? null : p.name(), "plugins", at,
        mergedPlugins, pluginPaths);
    List<ProfileSpec> mergedProfiles = new ArrayList<>();
    List<String> profilePaths = new ArrayList<>();
    overlay(global.schedulingProfiles(), schedulingProfiles, p -> p == null ? null : p.name(),
        "schedulingProfiles", at, mergedProfiles, profilePaths);
    return new Merged(new SchedulingConfig(mergedPlugins, mergedProfiles, global.sessionHeader()),
        new SchedulingEntryPaths(pluginPaths, profilePaths));
  }

  /**
   * The global entries the pool does not replace by name, then the pool's, each with its path.
   */
  private static <T> void overlay(List<T> global, List<T> own, Function<T, String> name,
      String list, String at, List<T> out, List<String> paths) {
    Set<String> replaced = new HashSet<>();
    own.forEach(entry -> replaced.add(name.apply(entry)));
    for (int i = 0; i < global.size(); i++) {
      T entry = global.get(i);
      if (entry == null || !replaced.contains(name.apply(entry))) {
        out.add(entry);
        paths.add("scheduling." + list + "[" + i + "]");
      }
    }
    for (int i = 0; i < own.size(); i++) {
      out.add(own.get(i));
      paths.add(at + ".scheduling." + list + "[" + i + "]");
    }
  }
}
