package dev.baton.server.config;

import dev.baton.transfer.breaker.BreakerSettings;
import dev.baton.transfer.retry.RetrySettings;
import dev.baton.transfer.upstream.UpstreamTimeouts;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sections of a policy set and the transfer records they bind into, with the keys those records
 * take: what {@link PolicySets} checks each written key against.
 */
final class PolicySections {
  /** Section name to its record, in the order sets are written. */
  static final Map<String, Class<? extends Record>> TYPES = sections();

  private PolicySections() {}

  /** The type of {@code key} in {@code type}, or null when the record has no such component. */
  static Class<?> componentType(Class<? extends Record> type, String key) {
    for (var component : type.getRecordComponents()) {
      if (component.getName().equals(key)) {
        return component.getType();
      }
    }
    return null;
  }

  /** The keys a section takes, sorted, for "known here" in messages. */
  static List<String> keys(Class<? extends Record> type) {
    List<String> keys = new ArrayList<>();
    for (var component : type.getRecordComponents()) {
      keys.add(component.getName());
    }
    return keys.stream().sorted().toList();
  }

  private static Map<String, Class<? extends Record>> sections() {
    Map<String, Class<? extends Record>> sections = new LinkedHashMap<>();
    sections.put("timeouts", UpstreamTimeouts.class);
    sections.put("retry", RetrySettings.class);
    sections.put("breaker", BreakerSettings.class);
    return Collections.unmodifiableMap(sections);
  }
}
