package dev.baton.server.config;

import java.util.List;

/**
 * Where each plugin and profile of a scheduling section built from other text was written (a pool's
 * section over the global one, an llm-d file), so a problem the scheduler finds in the built
 * section is reported at its own entry.
 *
 * @param plugins the key path of each entry of the built {@code plugins}
 * @param profiles the key path of each entry of the built {@code schedulingProfiles}
 */
record SchedulingEntryPaths(List<String> plugins, List<String> profiles) {

  SchedulingEntryPaths {
    plugins = List.copyOf(plugins);
    profiles = List.copyOf(profiles);
  }

  /**
   * The written place of a problem at {@code path} of the built section ({@code plugins[3]...});
   * {@code outside} when it is about no single entry.
   */
  String of(String path, String outside) {
    for (String list : List.of("plugins", "schedulingProfiles")) {
      if (path.startsWith(list + "[")) {
        int close = path.indexOf(']');
        int index = Integer.parseInt(path.substring(list.length() + 1, close));
        List<String> paths = list.equals("plugins") ? plugins : profiles;
        if (index < paths.size()) {
          return paths.get(index) + path.substring(close + 1);
        }
      }
    }
    return outside;
  }
}
