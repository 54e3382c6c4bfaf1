package dev.baton.router.scheduling.filter;

import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.scheduling.plugin.Filter;
import dev.baton.router.scheduling.plugin.Parameters;
import dev.baton.router.scheduling.plugin.SchedulingContext;
import java.util.Map;

/**
 * Type {@code label-selector}: keeps endpoints whose labels include every pair of {@code
 * matchLabels} (e.g. {@code {zone: eu-west-1a}}), like a Kubernetes equality selector.
 *
 * <p>Parameters: {@code matchLabels} (map of string to string, required, non-empty).
 */
public final class LabelSelectorFilter implements Filter {
  public static final String TYPE = "label-selector";

  private final String[] keys;
  private final String[] values;

  public LabelSelectorFilter(Map<String, String> matchLabels) {
    this.keys = matchLabels.keySet().toArray(String[]::new);
    this.values = new String[keys.length];
    for (int i = 0; i < keys.length; i++) {
      values[i] = matchLabels.get(keys[i]);
    }
  }

  public static LabelSelectorFilter from(Parameters parameters) {
    Map<String, String> labels = parameters.stringMap("matchLabels");
    if (labels.isEmpty()) {
      throw parameters.error("parameter 'matchLabels' is required and must not be empty");
    }
    return new LabelSelectorFilter(labels);
  }

  @Override
  public boolean keep(SchedulingContext ctx, EndpointState endpoint) {
    Map<String, String> labels = endpoint.endpoint().labels();
    for (int i = 0; i < keys.length; i++) {
      if (!values[i].equals(labels.get(keys[i]))) {
        return false;
      }
    }
    return true;
  }
}
