package dev.baton.server.config;

import dev.baton.router.scheduling.config.PluginSpec;
import dev.baton.router.scheduling.config.ProfileSpec;
import dev.baton.router.scheduling.config.SchedulingConfig;
import java.util.ArrayList;
import java.util.List;

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
   * The section a pool uses, with where each plugin and profile of it was written, so a problem in
   * it can be reported at its own line.
   *
   * @param config the merged section
   * @param pluginPaths the key path of each entry of {@code config.plugins()}
   * @param profilePaths the key path of each entry of {@code config.schedulingProfiles()}
   */
  public record Merged(SchedulingConfig config, List<String> pluginPaths, List<String> profilePaths) {

    /** The YAML key path of a problem found at {@code path} (relative to the merged section). */
    public String pathOf(String path, String sectionPath) {
      for (String list : List.of("plugins", "schedulingProfiles")) {
        if (path.startsWith(list + "[")) {
          int close = path.indexOf(']');
          int index = Integer.parseInt(path.substring(list.length() + 1, close));
          List<String> paths = list.equals("plugins") ? pluginPaths : profilePaths;
          if (index < paths.size()) {
            return paths.get(index) + path.substring(close + 1);
          }
        }
      }
      return path.isEmpty() ? sectionPath : sectionPath + "." + path;
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
    for (int i = 0; i < global.plugins().size(); i++) {
      PluginSpec spec = global.plugins().get(i);
      if (spec != null && plugins.stream().anyMatch(p -> p != null && p.name() != null
          && p.name().equals(spec.name()))) {
        continue;
      }
      mergedPlugins.add(spec);
      pluginPaths.add("scheduling.plugins[" + i + "]");
    }
    for (int i = 0; i < plugins.size(); i++) {
      mergedPlugins.add(plugins.get(i));
      pluginPaths.add(at + ".scheduling.plugins[" + i + "]");
    }
    List<ProfileSpec> mergedProfiles = new ArrayList<>();
    List<String> profilePaths = new ArrayList<>();
    for (int i = 0; i < global.schedulingProfiles().size(); i++) {
      ProfileSpec profile = global.schedulingProfiles().get(i);
      if (profile != null && schedulingProfiles.stream().anyMatch(p -> p != null
          && p.name() != null && p.name().equals(profile.name()))) {
        continue;
      }
      mergedProfiles.add(profile);
      profilePaths.add("scheduling.schedulingProfiles[" + i + "]");
    }
    for (int i = 0; i < schedulingProfiles.size(); i++) {
      mergedProfiles.add(schedulingProfiles.get(i));
      profilePaths.add(at + ".scheduling.schedulingProfiles[" + i + "]");
    }
    return new Merged(new SchedulingConfig(mergedPlugins, mergedProfiles, global.sessionHeader()),
        List.copyOf(pluginPaths), List.copyOf(profilePaths));
  }
}
