package dev.baton.sim.api;

import com.fasterxml.jackson.databind.JsonNode;

/** Typed reads of optional request fields; a wrong type is a 400 naming the field, as in vLLM. */
final class JsonFields {

  private JsonFields() {}

  static String optString(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw ApiError.badRequest(field + " must be a string", field);
    }
    return v.asText();
  }

  static boolean optBool(JsonNode body, String field, boolean dflt) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (!v.isBoolean()) {
      throw ApiError.badRequest(field + " must be a boolean", field);
    }
    return v.asBoolean();
  }

  static Integer optInteger(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      throw ApiError.badRequest(field + " must be an integer", field);
    }
    return v.asInt();
  }

  static int optInt(JsonNode body, String field, int dflt) {
    Integer v = optInteger(body, field);
    return v == null ? dflt : v;
  }

  static Double optDouble(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isNumber()) {
      throw ApiError.badRequest(field + " must be a number", field);
    }
    return v.asDouble();
  }
}
