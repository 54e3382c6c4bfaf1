package dev.baton.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One plugin of an llm-d {@code EndpointPickerConfig} as Baton runs it: the Baton plugins it becomes,
 * which of them a profile reference expands to (and which one takes the reference's weight), and
 * what it says about profiles when it is a profile handler. docs/scheduling.md tables the mapping.
 *
 * @param plugins Baton {@code scheduling.plugins} entries ({@code name, type, parameters})
 * @param refs Baton plugin names a {@code pluginRef} to it expands to, in order
 * @param weighted the one of {@code refs} that takes the reference's weight, or null
 * @param handler what it is as a profile handler, or null for any other plugin
 */
record LlmdPlugin(List<ObjectNode> plugins, List<String> refs, String weighted, Handler handler) {

  /** A profile handler: which llm-d profile runs decode and which prefill, and the P/D decider. */
  record Handler(String decodeProfile, String prefillProfile, String decider) {}

  /** An llm-d plugin Baton cannot run, or a parameter it does not know: the message, and where. */
  static final class Unsupported extends Exception {
    final String key;

    Unsupported(String key, String message) {
      super(message, null, false, false);
      this.key = key;
    }
  }

  /** The llm-d types Baton maps, for messages. */
  static final List<String> TYPES = List.of("prefix-cache-scorer", "precise-prefix-cache-scorer",
      "queue-scorer", "kv-cache-utilization-scorer", "kv-cache-scorer", "load-aware-scorer",
      "session-affinity-scorer", "lora-affinity-scorer", "max-score-picker", "random-picker",
      "single-profile-handler", "pd-profile-handler", "decode-filter", "prefill-filter",
      "by-label-selector", "prefill-header-handler");

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Maps llm-d plugin {@code name} of {@code type} with its {@code parameters} (may be null). */
  static LlmdPlugin of(String name, String type, JsonNode parameters) throws Unsupported {
    JsonNode p = parameters == null || parameters.isNull() ? NODES.objectNode() : parameters;
    if (!p.isObject()) {
      throw new Unsupported("parameters", "parameters must be a mapping");
    }
    return switch (type) {
      case "prefix-cache-scorer" -> {
        known(p, "hashBlockSize", "blockSize", "maxPrefixBlocksToMatch", "lruCapacityPerServer",
            "mode", "kvCacheRedisAddr");
        String mode = p.path("mode").asText("estimate");
        if (!Set.of("estimate", "cache_tracking").contains(mode)) {
          throw new Unsupported("parameters.mode", "mode must be estimate or cache_tracking");
        }
        yield prefix(name, mode.equals("cache_tracking"), p);
      }
      case "precise-prefix-cache-scorer" -> {
        known(p, "kvEventsConfig", "indexerConfig", "tokenProcessorConfig", "kvCacheRedisAddr");
        yield prefix(name, true, NODES.objectNode());
      }
      case "queue-scorer" -> scorer(name, "queue-depth", none(p));
      case "kv-cache-utilization-scorer", "kv-cache-scorer" ->
          scorer(name, "kv-cache-utilization", none(p));
      case "load-aware-scorer" -> {
        known(p, "threshold");
        ObjectNode q = NODES.objectNode();
        q.set("minRange", p.has("threshold") ? p.get("threshold") : NODES.numberNode(128));
        yield scorer(name, "queue-depth", q);
      }
      case "session-affinity-scorer" -> scorer(name, "session-affinity", none(p));
      case "lora-affinity-scorer" -> scorer(name, "lora-affinity", none(p));
      case "max-score-picker", "random-picker" -> {
        known(p, "maxNumOfEndpoints");
        if (p.has("maxNumOfEndpoints") && p.get("maxNumOfEndpoints").asInt() != 1) {
          throw new Unsupported("parameters.maxNumOfEndpoints",
              "Baton picks one endpoint per phase; maxNumOfEndpoints must be 1");
        }
        yield single(name, type.equals("max-score-picker") ? "max-score" : "weighted-random",
            NODES.objectNode());
      }
      case "decode-filter", "prefill-filter" -> single(name, "role", none(p));
      case "by-label-selector" -> {
        known(p, "matchLabels");
        yield single(name, "label-selector", p.deepCopy());
      }
      case "prefill-header-handler" -> {
        known(p, "prefillProfile");
        // Baton's dialect hands the prefill endpoint to the decode leg itself.
        yield new LlmdPlugin(List.of(), List.of(), null, null);
      }
      case "single-profile-handler" -> {
        none(p);
        // One profile: llm-d never splits, so neither does Baton.
        yield new LlmdPlugin(List.of(decider(name, "never", null)), List.of(), null,
            new Handler(null, null, name));
      }
      case "pd-profile-handler" -> {
        known(p, "threshold", "hashBlockSize", "decodeProfile", "prefillProfile");
        yield new LlmdPlugin(List.of(decider(name, "threshold", p.get("threshold"))), List.of(),
            null, new Handler(p.path("decodeProfile").asText("decode"),
                p.path("prefillProfile").asText("prefill"), name));
      }
      default -> throw new Unsupported("type", "unknown llm-d plugin type `" + type
          + "`; Baton maps " + String.join(", ", TYPES));
    };
  }

  /** A prefix matcher (approximate or from KV events) and the prefix-cache scorer reading it. */
  private static LlmdPlugin prefix(String name, boolean precise, JsonNode p) {
    ObjectNode matcherParameters = NODES.objectNode();
    JsonNode block = p.has("hashBlockSize") ? p.get("hashBlockSize") : p.get("blockSize");
    if (!precise && block != null) {
      matcherParameters.set("blockChars", block);
    }
    if (!precise && p.has("maxPrefixBlocksToMatch")) {
      matcherParameters.set("maxBlocks", p.get("maxPrefixBlocksToMatch"));
    }
    String matcher = name + "-matcher";
    List<ObjectNode> plugins = new ArrayList<>();
    plugins.add(spec(matcher, precise ? "precise-prefix-cache" : "approximate-prefix",
        matcherParameters));
    plugins.add(spec(name, "prefix-cache", NODES.objectNode()));
    return new LlmdPlugin(plugins, List.of(matcher, name), name, null);
  }

  private static LlmdPlugin scorer(String name, String type, ObjectNode parameters) {
    return new LlmdPlugin(List.of(spec(name, type, parameters)), List.of(name), name, null);
  }

  private static LlmdPlugin single(String name, String type, ObjectNode parameters) {
    return new LlmdPlugin(List.of(spec(name, type, parameters)), List.of(name), null, null);
  }

  private static ObjectNode decider(String name, String mode, JsonNode threshold) {
    ObjectNode parameters = NODES.objectNode().put("mode", mode);
    if (threshold != null && !threshold.isNull()) {
      parameters.set("uncachedTokens", threshold);
    }
    return spec(name, "pd-decider", parameters);
  }

  static ObjectNode spec(String name, String type, ObjectNode parameters) {
    ObjectNode spec = NODES.objectNode().put("name", name).put("type", type);
    if (!parameters.isEmpty()) {
      spec.set("parameters", parameters);
    }
    return spec;
  }

  private static ObjectNode none(JsonNode p) throws Unsupported {
    known(p);
    return NODES.objectNode();
  }

  /** Rejects a parameter llm-d's plugin does not have either: it would be ignored there too. */
  private static void known(JsonNode p, String... names) throws Unsupported {
    Set<String> allowed = Set.of(names);
    for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
      String key = it.next().getKey();
      if (!allowed.contains(key)) {
        throw new Unsupported("parameters." + key, "unknown parameter `" + key + "`"
            + (allowed.isEmpty() ? " (this plugin has none)" : " (known: "
            + String.join(", ", names) + ")"));
      }
    }
  }
}
