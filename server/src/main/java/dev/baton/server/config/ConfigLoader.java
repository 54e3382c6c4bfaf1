package dev.baton.server.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Reads a {@link BatonConfig} from YAML, strictly: an unknown key, a missing required key or a value
 * of the wrong type is an error that names the key's path (e.g. {@code pools[0].endpoints[1].role}).
 */
public final class ConfigLoader {

  private static final ObjectMapper YAML = strictMapper();

  private ConfigLoader() {}

  public static BatonConfig load(Path file) {
    try {
      return parse(Files.readString(file), file.toString());
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  /**
   * Parses and validates YAML text.
   *
   * @param source a name for messages, usually the file name
   */
  public static BatonConfig parse(String yaml, String source) {
    BatonConfig config;
    try {
      config = YAML.readValue(yaml, BatonConfig.class);
    } catch (JsonMappingException e) {
      // A record's own range check (IllegalArgumentException) reads better than Jackson's wrapper.
      String why =
          e.getCause() instanceof IllegalArgumentException iae ? iae.getMessage() : e.getOriginalMessage();
      throw new ConfigException(source + ": " + where(e) + ": " + why, e);
    } catch (JacksonException e) {
      throw new ConfigException(source + ": invalid YAML: " + e.getOriginalMessage(), e);
    }
    if (config == null) {
      throw new ConfigException(source + ": empty configuration");
    }
    ConfigValidator.validate(config, source);
    return config;
  }

  private static String where(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (!path.isEmpty()) {
          path.append('.');
        }
        path.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    String at = path.isEmpty() ? "(root)" : path.toString();
    if (e.getLocation() != null && e.getLocation().getLineNr() > 0) {
      at += " (line " + e.getLocation().getLineNr() + ")";
    }
    return at;
  }

  private static ObjectMapper strictMapper() {
    JsonMapper mapper =
        JsonMapper.builder(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .addModule(new SimpleModule("baton-durations")
                .addDeserializer(Duration.class, new DurationDeserializer()))
            .build();
    // "8000" is not a port and "yes" is not a boolean: quoted scalars keep their type.
    for (LogicalType type : new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
      mapper.coercionConfigFor(type).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    }
    mapper.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
    return mapper;
  }
}
