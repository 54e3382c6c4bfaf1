package dev.baton.server.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The YAML {@code pools[].endpointSource} key: where a pool's endpoint list comes from, as a
 * registered source type and that type's own settings written beside it, e.g.
 * {@code {type: kubernetes, namespace: llm, selector: {app: vllm}, port: 8000}}.
 *
 * @param type a registered source type; {@code static} (the default) serves {@code pools[].endpoints}
 * @param parameters the other keys of the mapping, bound strictly into the type's parameters record;
 *     null for none
 */
public record EndpointSourceSpec(String type, JsonNode parameters) {

  /** The type whose list is {@code pools[].endpoints}, fixed until the next reload. */
  public static final String STATIC = "static";

  /** The key that names the type; every other key is the type's own. */
  private static final String TYPE_KEY = "type";

  public static final EndpointSourceSpec DEFAULT = new EndpointSourceSpec(STATIC, null);

  public EndpointSourceSpec {
    type = type == null || type.isBlank() ? STATIC : type;
    parameters = parameters == null || parameters.isNull()
        || (parameters.isObject() && parameters.isEmpty()) ? null : parameters;
  }

  /**
   * Binds the YAML mapping: {@code type} picks the type, the rest are its settings. A bare name
   * ({@code endpointSource: static}) is a type without settings.
   */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  static EndpointSourceSpec fromYaml(JsonNode node) {
    if (node == null || node.isNull()) {
      return DEFAULT;
    }
    if (node.isTextual()) {
      return new EndpointSourceSpec(node.asText(), null);
    }
    if (!(node instanceof ObjectNode mapping)) {
      throw new IllegalArgumentException("must be a mapping with a `type`, e.g. {type: static}");
    }
    ObjectNode settings = mapping.deepCopy();
    JsonNode type = settings.remove(TYPE_KEY);
    if (type != null && !type.isTextual()) {
      throw new IllegalArgumentException("`type` must be a source type name");
    }
    return new EndpointSourceSpec(type == null ? null : type.asText(), settings);
  }

  public boolean isStatic() {
    return STATIC.equals(type);
  }
}
