package dev.baton.server.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.server.config.BatonConfig;
import dev.baton.server.reload.RestartOnlySettings;

/**
 * The configuration in effect, as opposed to the one last loaded. A reload applies everything but
 * the restart-only keys ({@link RestartOnlySettings}: listeners, connection pools, the admin
 * server), which keep the values Baton started with; {@code GET /admin/config} shows those, and
 * {@code GET /admin/config/restart} what a restart would change. Both redacted like the config.
 */
final class RestartView {

  private RestartView() {}

  /** The loaded configuration with every restart-only key at the value it started with. */
  static JsonNode inEffect(BatonConfig started, BatonConfig loaded) {
    JsonNode effective = ConfigView.of(loaded);
    JsonNode original = ConfigView.of(started);
    for (String key : RestartOnlySettings.changed(started, loaded)) {
      String[] path = key.split("\\.");
      JsonNode parent = effective;
      for (int i = 0; i < path.length - 1; i++) {
        parent = parent.path(path[i]);
      }
      if (parent instanceof ObjectNode object) {
        object.set(path[path.length - 1], at(original, path));
      }
    }
    return effective;
  }

  /**
   * What a restart would change: {@code {"restartWouldChange": [{"key", "inEffect", "afterRestart"}]}},
   * empty when the loaded configuration is all in effect.
   */
  static JsonNode pending(BatonConfig started, BatonConfig loaded) {
    JsonNode original = ConfigView.of(started);
    JsonNode next = ConfigView.of(loaded);
    ObjectNode view = JsonNodeFactory.instance.objectNode();
    ArrayNode keys = view.putArray("restartWouldChange");
    for (String key : RestartOnlySettings.changed(started, loaded)) {
      String[] path = key.split("\\.");
      keys.addObject().put("key", key)
          .<ObjectNode>set("inEffect", at(original, path))
          .set("afterRestart", at(next, path));
    }
    return view;
  }

  private static JsonNode at(JsonNode root, String[] path) {
    JsonNode node = root;
    for (String name : path) {
      node = node.path(name);
    }
    return node.isMissingNode() ? JsonNodeFactory.instance.nullNode() : node.deepCopy();
  }
}
