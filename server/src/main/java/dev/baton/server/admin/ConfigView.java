package dev.baton.server.admin;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import dev.baton.server.config.BatonConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;

/**
 * The effective configuration as JSON, defaults filled in and secrets redacted: what
 * {@code GET /admin/config} answers. Enums are written lower-case and durations in ISO-8601, both of
 * which the YAML loader accepts back.
 */
final class ConfigView {

  @SuppressWarnings({"rawtypes", "unchecked"})
  private static final ObjectMapper JSON = new ObjectMapper()
      .registerModule(new SimpleModule("baton-config-view")
          .addSerializer(Duration.class, ToStringSerializer.instance)
          .addSerializer((Class) Enum.class, new LowerCaseEnum()));

  private ConfigView() {}

  static JsonNode of(BatonConfig config) {
    return SecretRedactor.redact(JSON.valueToTree(config));
  }

  private static final class LowerCaseEnum extends StdSerializer<Enum<?>> {
    @SuppressWarnings({"unchecked", "rawtypes"})
    LowerCaseEnum() {
      super((Class) Enum.class);
    }

    @Override
    public void serialize(Enum<?> value, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      gen.writeString(value.name().toLowerCase(Locale.ROOT));
    }
  }
}
