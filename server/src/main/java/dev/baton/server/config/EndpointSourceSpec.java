package dev.baton.server.config;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The YAML {@code pools[].source} key: where a pool's endpoint list comes from, as a registered
 * source type and that type's own parameters (the shape of the scheduling plugins).
 *
 * @param type a registered source type; {@code static} (the default) serves {@code pools[].endpoints}
 * @param parameters the type's settings, bound strictly into its parameters record; absent for none
 */
public record EndpointSourceSpec(String type, JsonNode parameters) {

  /** The type whose list is {@code pools[].endpoints}, fixed until the next reload. */
  public static final String STATIC = "static";

  public static final EndpointSourceSpec DEFAULT = new EndpointSourceSpec(STATIC, null);

  public EndpointSourceSpec {
    type = type == null || type.isBlank() ? STATIC : type;
    parameters = parameters == null || parameters.isNull() ? null : parameters;
  }

  public boolean isStatic() {
    return STATIC.equals(type);
  }
}
